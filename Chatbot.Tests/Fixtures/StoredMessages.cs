using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Fixtures;

/// <summary>Messages as the app leaves them, for tests that fill a session directly in the database.</summary>
internal static class StoredMessages
{
    public static Message Answered(long userId, long sessionId, long? parentId, string prompt, string response, DateTime? at = null)
    {
        var now = at ?? DateTime.UnixEpoch;
        var message = Message.Ask(userId, sessionId, parentId, prompt, "gemini-2.5-flash", streamed: false, now);
        message.Finish(new GeneratedAnswer(response, "STOP", Truncated: false, Model: null, PromptTokens: null, ResponseTokens: null), now);
        return message;
    }

    /// <summary>Who owns <paramref name="sessionId"/>, for a message stored straight into it.</summary>
    public static Task<long> OwnerOfAsync(this ChatbotDbContext db, long sessionId)
        => db.ChatSessions.Where(session => session.Id == sessionId).Select(session => session.UserId).SingleAsync();
}
