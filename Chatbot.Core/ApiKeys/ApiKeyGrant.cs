using Chatbot.Core.Errors;

namespace Chatbot.Core.ApiKeys;

/// <summary>A live key as a request presents it: whose it is and what it may do.</summary>
public sealed record ApiKeyGrant(
    long Id,
    long UserId,
    string Digest,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string>? Models,
    long? DailyTokenBudget,
    int? RequestsPerMinute,
    DateTime? ExpiresAt)
{
    public bool HasScope(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);

    public bool AllowsModel(string model) => Models is null || Models.Contains(model, StringComparer.Ordinal);

    /// <summary>A model outside the key's list is refused before anything is stored or spent.</summary>
    public void EnsureModelAllowed(string model)
    {
        if (!AllowsModel(model))
        {
            throw new ProblemException(ProblemKind.Forbidden, "model_not_allowed", $"This API key may not use the model \"{model}\".");
        }
    }
}

/// <summary>
/// The key the current request was authenticated with, if any: set once by the authentication of the request, read by
/// whatever applies a key's rules (its models, its limits, the ledger's record of it). Null for a login's token.
/// </summary>
public sealed class ApiKeyCaller
{
    public ApiKeyGrant? Grant { get; set; }

    public void EnsureModelAllowed(string model) => Grant?.EnsureModelAllowed(model);
}
