using Chatbot.Core.ApiKeys;

namespace Chatbot.Functions.ApiKeys;

/// <summary><c>POST /me/api-keys/</c>: a name, and what the key may do (both scopes and every model by default).</summary>
internal sealed record ApiKeyRequest
{
    public string? Name { get; init; }

    public int? ExpiresInDays { get; init; }

    public List<string>? Scopes { get; init; }

    public List<string>? Models { get; init; }

    public long? DailyTokenBudget { get; init; }

    public int? RequestsPerMinute { get; init; }

    public ApiKeyTerms ToTerms() => new(Name ?? "", ExpiresInDays, Scopes ?? [.. ApiKeyScopes.All], Models, DailyTokenBudget, RequestsPerMinute);
}
