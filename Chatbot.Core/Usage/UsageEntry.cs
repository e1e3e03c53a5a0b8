namespace Chatbot.Core.Usage;

/// <summary>
/// One row of a user's append-only usage ledger: one Gemini call that spends tokens. Rows are never deleted with the
/// session or the message they paid for (those ids carry no foreign key), so deleting a chat or regenerating an
/// answer refunds nothing; only deleting the user erases them.
/// </summary>
public sealed class UsageEntry
{
    // EF materialises rows through this constructor; new rows come from Reserve or Record.
    private UsageEntry()
    {
    }

    public long Id { get; private set; }

    public long UserId { get; private set; }

    public long? SessionId { get; private set; }

    public long? MessageId { get; private set; }

    public UsageKind Kind { get; private set; }

    /// <summary>The API key the call was made with; null for a login's own calls (and titles).</summary>
    public long? ApiKeyId { get; private set; }

    public UsageStatus Status { get; private set; }

    /// <summary>What the call was expected to cost at most; it counts against the quota until the row is settled.</summary>
    public int ReservedTokens { get; private set; }

    public int PromptTokens { get; private set; }

    public int ResponseTokens { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? SettledAt { get; private set; }

    /// <summary>Holds <paramref name="estimate"/> tokens of today's quota for an answer about to be asked for.</summary>
    public static UsageEntry Reserve(long userId, long sessionId, long messageId, UsageKind kind, int estimate, DateTime now, long? apiKeyId = null) => new()
    {
        UserId = userId,
        ApiKeyId = apiKeyId,
        SessionId = sessionId,
        MessageId = messageId,
        Kind = kind,
        Status = UsageStatus.Reserved,
        ReservedTokens = estimate,
        CreatedAt = now,
    };

    /// <summary>A call that was not reserved (a title), recorded with what it cost once it is over.</summary>
    public static UsageEntry Record(long userId, long? sessionId, UsageKind kind, int? promptTokens, int? responseTokens, DateTime now) => new()
    {
        UserId = userId,
        SessionId = sessionId,
        Kind = kind,
        Status = UsageStatus.Settled,
        PromptTokens = promptTokens ?? 0,
        ResponseTokens = responseTokens ?? 0,
        CreatedAt = now,
        SettledAt = now,
    };

    /// <summary>The call ended, however it ended: what Gemini reported replaces the estimate (nothing reported is 0).</summary>
    public void Settle(int? promptTokens, int? responseTokens, DateTime now)
    {
        Status = UsageStatus.Settled;
        PromptTokens = promptTokens ?? 0;
        ResponseTokens = responseTokens ?? 0;
        SettledAt = now;
    }
}
