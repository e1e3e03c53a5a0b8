using System.Linq.Expressions;

namespace Chatbot.Core.Chats;

/// <summary>
/// A message as the API shows it: the original's fields (<c>session</c> is the session's id) and, after them,
/// where the answer stands and what it cost.
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
    int? ResponseTokens)
{
    public static readonly Expression<Func<Message, MessageDto>> Projection = message => new MessageDto(
        message.Id,
        message.SessionId,
        message.Prompt,
        message.Response,
        message.CreatedAt,
        message.Status == MessageStatus.Pending ? "pending"
            : message.Status == MessageStatus.Streaming ? "streaming"
            : message.Status == MessageStatus.Complete ? "complete"
            : message.Status == MessageStatus.Truncated ? "truncated"
            : message.Status == MessageStatus.Stopped ? "stopped"
            : message.Status == MessageStatus.Failed ? "failed"
            : "blocked",
        message.Model,
        message.FinishReason,
        message.ErrorCode,
        message.PromptTokens,
        message.ResponseTokens);

    private static readonly Func<Message, MessageDto> Compiled = Projection.Compile();

    public static MessageDto From(Message message) => Compiled(message);
}
