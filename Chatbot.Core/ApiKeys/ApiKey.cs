namespace Chatbot.Core.ApiKeys;

/// <summary>
/// A personal API key: a long-lived secret a user's own tools send instead of a login's access token. Only its
/// SHA-256 <see cref="Digest"/> and a short <see cref="Prefix"/> (to recognise it in a list) are stored; the key
/// itself is shown once, when it is issued. A key is live until it expires or is revoked:
/// <code>
/// Issue ──► live ──► Revoke ──► revoked (kept: the usage ledger still names it)
///             └────► expired (its ExpiresAt passed)
/// </code>
/// </summary>
public sealed class ApiKey
{
    // EF materialises rows through this constructor; new keys come from Issue.
    private ApiKey()
    {
    }

    public long Id { get; private set; }

    public long UserId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The key's first characters (<c>cb-</c> and eight more), enough to tell keys apart and too few to guess with.</summary>
    public string Prefix { get; private set; } = "";

    /// <summary>SHA-256 of the whole key, lower-case hex: the key is found by it and compared by it.</summary>
    public string Digest { get; private set; } = "";

    /// <summary>The granted scopes (<see cref="ApiKeyScopes"/>), space-separated.</summary>
    public string Scopes { get; private set; } = "";

    /// <summary>The models the key may use, space-separated; null allows every model the app offers.</summary>
    public string? Models { get; private set; }

    /// <summary>Tokens the key may spend a UTC day, on top of the user's own quota; null: only the user's quota.</summary>
    public long? DailyTokenBudget { get; private set; }

    /// <summary>Answers the key may ask for a minute, on top of the user's own limit; null: only the user's limit.</summary>
    public int? RequestsPerMinute { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? ExpiresAt { get; private set; }

    /// <summary>When the key was last accepted, to the minute (it is written at most once a minute per key and instance).</summary>
    public DateTime? LastUsedAt { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    public static ApiKey Issue(long userId, ApiKeySecret secret, ApiKeyTerms terms, DateTime now) => new()
    {
        UserId = userId,
        Name = terms.Name,
        Prefix = secret.Prefix,
        Digest = secret.Digest,
        Scopes = string.Join(' ', terms.Scopes),
        Models = terms.Models is null ? null : string.Join(' ', terms.Models),
        DailyTokenBudget = terms.DailyTokenBudget,
        RequestsPerMinute = terms.RequestsPerMinute,
        CreatedAt = now,
        ExpiresAt = terms.ExpiresInDays is { } days ? now.AddDays(days) : null,
    };

    public IReadOnlyList<string> ScopeList() => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string>? ModelList() => Models?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>What a new key may do, as its owner asked for it (validated by <see cref="ApiKeyService"/>).</summary>
public sealed record ApiKeyTerms(
    string Name,
    int? ExpiresInDays,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string>? Models,
    long? DailyTokenBudget,
    int? RequestsPerMinute);
