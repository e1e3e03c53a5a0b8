using System.Text;

namespace Chatbot.Core.Chats;

/// <summary>
/// A whole conversation, for download: the current branch, or every message of the tree. <see cref="CurrentLeaf"/>
/// is the last message of the current branch, so an import of the tree knows which branch the user was on.
/// </summary>
public sealed record ConversationExport(ChatSessionDto Session, IReadOnlyList<MessageDto> Messages, long? CurrentLeaf)
{
    /// <summary>A readable transcript: the title, then each prompt and answer in order.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("# ").AppendLine(string.IsNullOrWhiteSpace(Session.Title) ? $"Chat {Session.Id}" : Session.Title).AppendLine();
        text.Append("Started ").Append(Session.StartedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)).AppendLine().AppendLine();
        foreach (var message in Messages)
        {
            text.AppendLine("## You").AppendLine().AppendLine(message.Prompt).AppendLine();
            text.Append("## Assistant").AppendLine(MessageStatuses.Parse(message.Status) is MessageStatus.Complete ? "" : $" ({message.Status})").AppendLine();
            text.AppendLine(message.Response).AppendLine();
        }

        return text.ToString();
    }
}
