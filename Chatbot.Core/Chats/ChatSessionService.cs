using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Chats;

/// <summary>A user's chat sessions. Every query is scoped to the owner: another user's session is simply not found.</summary>
public sealed class ChatSessionService(ChatbotDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<ChatSessionDto>> ListAsync(long userId, CancellationToken cancellationToken)
        => await db.ChatSessions.AsNoTracking()
            .Where(session => session.UserId == userId)
            .OrderByDescending(session => session.UpdatedAt).ThenByDescending(session => session.Id)
            .Select(ChatSessionDto.Projection)
            .ToListAsync(cancellationToken);

    public async Task<ChatSessionDto> CreateAsync(long userId, string? title, CancellationToken cancellationToken)
    {
        ValidateTitle(title);
        var now = Timestamps.Truncate(time.GetUtcNow());
        var session = new ChatSession { UserId = userId, Title = title, StartedAt = now, UpdatedAt = now };
        db.ChatSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return ChatSessionDto.From(session);
    }

    public async Task<ChatSessionDto> GetAsync(long userId, long sessionId, CancellationToken cancellationToken)
        => await db.ChatSessions.AsNoTracking()
            .OwnedBy(userId, sessionId)
            .Select(ChatSessionDto.Projection)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw SessionNotFound();

    /// <summary>PUT: the title is replaced by what was sent (absent means none).</summary>
    public async Task<ChatSessionDto> UpdateAsync(long userId, long sessionId, string? title, CancellationToken cancellationToken)
    {
        ValidateTitle(title);
        var session = await db.ChatSessions.OwnedBy(userId, sessionId).SingleOrDefaultAsync(cancellationToken)
            ?? throw SessionNotFound();
        session.Title = title;
        await db.SaveChangesAsync(cancellationToken);
        return ChatSessionDto.From(session);
    }

    /// <summary>Deletes the session; its messages go with it (cascade).</summary>
    public async Task DeleteAsync(long userId, long sessionId, CancellationToken cancellationToken)
    {
        var deleted = await db.ChatSessions.OwnedBy(userId, sessionId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw SessionNotFound();
        }
    }

    internal static ProblemException SessionNotFound() => ProblemException.NotFound("The chat session");

    private static void ValidateTitle(string? title)
    {
        if (ChatRules.TitleProblem(title) is { } problem)
        {
            throw ProblemException.Validation("title", problem);
        }
    }
}
