namespace Chatbot.Core.ApiKeys;

/// <summary>A key as its owner's list shows it: never the key itself, with its last use and what it spent today.</summary>
public sealed record ApiKeyDto(
    long Id,
    string Name,
    string Prefix,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string>? Models,
    long? DailyTokenBudget,
    int? RequestsPerMinute,
    DateTime CreatedAt,
    DateTime? ExpiresAt,
    DateTime? LastUsedAt,
    long UsageToday);

/// <summary>A key just issued: the only answer that carries the key itself.</summary>
public sealed record NewApiKeyDto(
    long Id,
    string Name,
    string Key,
    string Prefix,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string>? Models,
    long? DailyTokenBudget,
    int? RequestsPerMinute,
    DateTime CreatedAt,
    DateTime? ExpiresAt,
    DateTime? LastUsedAt);
