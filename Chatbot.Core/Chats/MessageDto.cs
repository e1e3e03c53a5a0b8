using System.Linq.Expressions;
using Chatbot.Core.Attachments;

namespace Chatbot.Core.Chats;

/// <summary>
/// A message as the API shows it: the original's fields (<c>session</c> is the session's id) and, after them,
/// where the answer stands and what it cost, then its place in the session's tree: the message before it on its
/// branch, and the ids of the messages that share that parent (oldest first, itself included), which a client shows
/// as "2 / 3". <see cref="Siblings"/> is filled by <see cref="MessageSiblings"/>, since it takes a read of its own.
/// </summary>
public sealed record MessageDto(
    long Id,
    long Session,
    string Prompt,
    string Response,
    DateTime CreatedAt,
    string Status,
    string? Model,
    string? FinishReason,
    string? ErrorCode,
    int? PromptTokens,
    int? ResponseTokens,
    long? Parent)
{
    public MessageIds Siblings { get; init; } = MessageIds.Empty;

    /// <summary>The files sent with the prompt, in order; filled by <see cref="MessageAttachmentQueries"/>.</summary>
    public AttachmentSummaries Attachments { get; init; } = AttachmentSummaries.None;

    public static readonly Expression<Func<Message, MessageDto>> Projection = message => new MessageDto(
        message.Id,
        message.SessionId,
        message.Prompt,
        message.Response,
        message.CreatedAt,
        // Named after the row is read (EF evaluates a call in the final projection itself), so the names live in one table.
        MessageStatuses.Name(message.Status),
        message.Model,
        message.FinishReason,
        message.ErrorCode,
        message.PromptTokens,
        message.ResponseTokens,
        message.ParentId);

    private static readonly Func<Message, MessageDto> Compiled = Projection.Compile();

    public static MessageDto From(Message message) => Compiled(message);
}
