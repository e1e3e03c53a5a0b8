namespace Chatbot.Core.Attachments;

/// <summary>
/// An attachment of a message, in the order the user gave them. A message's rows go with it (and with its session);
/// an attachment cannot be deleted while a row refers to it.
/// </summary>
public sealed class MessageAttachment
{
    public long MessageId { get; set; }

    public long AttachmentId { get; set; }

    public int Position { get; set; }

    public Attachment Attachment { get; set; } = null!;

    /// <summary>Set when the link is made with its new message, so both are stored in one save.</summary>
    public Chats.Message? Message { get; set; }
}
