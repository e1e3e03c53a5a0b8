using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Chats;

/// <summary>The one way every service finds "the caller's session": by id and owner, or a 404.</summary>
internal static class ChatSessionQueries
{
    /// <summary>The one session with this id, if the user owns it: another user's session is indistinguishable from none.</summary>
    public static IQueryable<ChatSession> OwnedBy(this IQueryable<ChatSession> sessions, long userId, long sessionId)
        => sessions.Kept().Where(session => session.Id == sessionId && session.UserId == userId);

    /// <summary>Sessions anyone may see: not a <see cref="ChatSession.Transient"/> one, which lives for one answer only.</summary>
    public static IQueryable<ChatSession> Kept(this IQueryable<ChatSession> sessions) => sessions.Where(session => !session.Transient);

    /// <summary>The single row of an owned-session query (the session, or a projection of it), or 404.</summary>
    public static async Task<T> SingleOrNotFoundAsync<T>(this IQueryable<T> owned, CancellationToken cancellationToken)
        where T : class
        => await owned.SingleOrDefaultAsync(cancellationToken) ?? throw SessionNotFound();

    /// <summary>Nothing to read from the session, but it must be the caller's.</summary>
    public static async Task EnsureOwnedAsync(this IQueryable<ChatSession> sessions, long userId, long sessionId, CancellationToken cancellationToken)
    {
        if (!await sessions.OwnedBy(userId, sessionId).AnyAsync(cancellationToken))
        {
            throw SessionNotFound();
        }
    }

    public static ProblemException SessionNotFound() => ProblemException.NotFound("The chat session");
}
