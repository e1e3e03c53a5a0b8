namespace Chatbot.Core.Data;

/// <summary>
/// Usage was once read from the messages themselves. When the ledger is created, what those messages recorded is
/// copied into it, so a user's usage for today and this month (and the quota) carries over the upgrade.
/// The same SQL runs on SQLite and PostgreSQL.
/// </summary>
internal static class UsageLedgerBackfill
{
    public const string FromMessages = """
        INSERT INTO usage_ledger ("UserId", "SessionId", "MessageId", "Kind", "Status", "ReservedTokens", "PromptTokens", "ResponseTokens", "CreatedAt", "SettledAt")
        SELECT s."UserId", m."SessionId", m."Id", 'Answer', 'Settled', 0, COALESCE(m."PromptTokens", 0), COALESCE(m."ResponseTokens", 0),
               m."CreatedAt", COALESCE(m."CompletedAt", m."CreatedAt")
        FROM messages m JOIN chat_sessions s ON s."Id" = m."SessionId"
        WHERE m."PromptTokens" IS NOT NULL OR m."ResponseTokens" IS NOT NULL
        """;
}
