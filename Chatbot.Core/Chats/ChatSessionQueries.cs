namespace Chatbot.Core.Chats;

internal static class ChatSessionQueries
{
    /// <summary>The one session with this id, if the user owns it: another user's session is indistinguishable from none.</summary>
    public static IQueryable<ChatSession> OwnedBy(this IQueryable<ChatSession> sessions, long userId, long sessionId)
        => sessions.Where(session => session.Id == sessionId && session.UserId == userId);
}
