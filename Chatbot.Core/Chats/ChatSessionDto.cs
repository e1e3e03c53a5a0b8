using System.Linq.Expressions;

namespace Chatbot.Core.Chats;

/// <summary>A session as the API shows it (the original's field names: <c>user</c> is the owner's id).</summary>
public sealed record ChatSessionDto(
    long Id, long User, string? Title, DateTime StartedAt, DateTime UpdatedAt, string? SystemPrompt, string? Model)
{
    public static readonly Expression<Func<ChatSession, ChatSessionDto>> Projection = session => new ChatSessionDto(
        session.Id, session.UserId, session.Title, session.StartedAt, session.UpdatedAt, session.SystemPrompt, session.Model);

    private static readonly Func<ChatSession, ChatSessionDto> Compiled = Projection.Compile();

    public static ChatSessionDto From(ChatSession session) => Compiled(session);
}
