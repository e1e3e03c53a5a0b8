namespace Chatbot.Core.Data;

/// <summary>
/// Before branches, a session was one line of messages in id order. The migration that adds the tree makes each
/// message's parent the one before it, and puts every message on the current branch, so an old session reads as
/// it always did. The SQL is the same on SQLite and PostgreSQL.
/// </summary>
internal static class MessageTreeBackfill
{
    public const string FromSessionOrder = """
        UPDATE messages SET "OnCurrentBranch" = TRUE, "ParentId" = (
            SELECT MAX(earlier."Id") FROM messages AS earlier
            WHERE earlier."SessionId" = messages."SessionId" AND earlier."Id" < messages."Id");
        """;
}
