using Chatbot.Core.Chats;

namespace Chatbot.Tests.Fixtures;

/// <summary>Messages as the app leaves them, for tests that fill a session directly in the database.</summary>
internal static class StoredMessages
{
    public static Message Answered(long sessionId, long? parentId, string prompt, string response, DateTime? at = null)
    {
        var now = at ?? DateTime.UnixEpoch;
        var message = Message.Ask(sessionId, parentId, prompt, "gemini-2.5-flash", streamed: false, now);
        message.Finish(new GeneratedAnswer(response, "STOP", Truncated: false, Model: null, PromptTokens: null, ResponseTokens: null), now);
        return message;
    }
}
