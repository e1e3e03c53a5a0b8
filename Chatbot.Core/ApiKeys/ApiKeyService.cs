using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Models;
using Chatbot.Core.Usage;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.ApiKeys;

/// <summary>A user's own API keys: issue one (shown once), list them without secrets, revoke one.</summary>
public sealed class ApiKeyService(ChatbotDbContext db, ApiKeyAuthenticator authenticator, ModelCatalogue catalogue, TimeProvider time)
{
    public const int MaxNameLength = 100;

    /// <summary>Enough for every tool a person uses; a runaway script cannot fill the table.</summary>
    public const int MaxLiveKeys = 50;

    private const int MaxDays = 3650;

    public async Task<NewApiKeyDto> CreateAsync(long userId, ApiKeyTerms requested, CancellationToken cancellationToken)
    {
        var terms = Validate(requested);
        var now = time.GetDatabaseNow();
        var live = await Live(userId, now).CountAsync(cancellationToken);
        if (live >= MaxLiveKeys)
        {
            throw new ProblemException(ProblemKind.Conflict, "too_many_api_keys", $"At most {MaxLiveKeys} API keys may be live at once; revoke one first.");
        }

        var secret = ApiKeySecret.New();
        var key = ApiKey.Issue(userId, secret, terms, now);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new NewApiKeyDto(key.Id, key.Name, secret.Key, key.Prefix, key.ScopeList(), key.ModelList(),
            key.DailyTokenBudget, key.RequestsPerMinute, key.CreatedAt, key.ExpiresAt, key.LastUsedAt);
    }

    /// <summary>The live keys, newest first, each with the tokens it spent today (UTC).</summary>
    public async Task<IReadOnlyList<ApiKeyDto>> ListAsync(long userId, CancellationToken cancellationToken)
    {
        var now = time.GetDatabaseNow();
        var keys = await Live(userId, now).OrderByDescending(key => key.Id).ToListAsync(cancellationToken);
        var ids = keys.Select(key => key.Id).ToList();
        var spent = await db.UsageLedger.AsNoTracking()
            .Where(entry => entry.UserId == userId && entry.ApiKeyId != null && ids.Contains(entry.ApiKeyId.Value)
                && entry.CreatedAt >= now.Date && entry.Status == UsageStatus.Settled)
            .GroupBy(entry => entry.ApiKeyId!.Value)
            .Select(group => new { Id = group.Key, Tokens = group.Sum(entry => (long)entry.PromptTokens + entry.ResponseTokens) })
            .ToDictionaryAsync(row => row.Id, row => row.Tokens, cancellationToken);
        return keys.Select(key => new ApiKeyDto(key.Id, key.Name, key.Prefix, key.ScopeList(), key.ModelList(), key.DailyTokenBudget,
            key.RequestsPerMinute, key.CreatedAt, key.ExpiresAt, key.LastUsedAt, spent.GetValueOrDefault(key.Id))).ToList();
    }

    /// <summary>Revokes one of the user's keys: refused here at once, on every other instance within seconds.</summary>
    public async Task RevokeAsync(long userId, long keyId, CancellationToken cancellationToken)
    {
        var digest = await db.ApiKeys.AsNoTracking()
            .Where(key => key.Id == keyId && key.UserId == userId && key.RevokedAt == null)
            .Select(key => key.Digest)
            .SingleOrDefaultAsync(cancellationToken) ?? throw KeyNotFound();
        var now = time.GetDatabaseNow();
        await db.ApiKeys.Where(key => key.Id == keyId && key.RevokedAt == null)
            .ExecuteUpdateAsync(setters => setters.SetProperty(key => key.RevokedAt, now), cancellationToken);
        authenticator.Forget(digest);
    }

    /// <summary>Another user's key, or a revoked one, is not found: its existence is nobody else's business.</summary>
    public async Task EnsureOwnedAsync(long userId, long keyId, CancellationToken cancellationToken)
    {
        if (!await db.ApiKeys.AnyAsync(key => key.Id == keyId && key.UserId == userId, cancellationToken))
        {
            throw KeyNotFound();
        }
    }

    private IQueryable<ApiKey> Live(long userId, DateTime now) => db.ApiKeys.AsNoTracking()
        .Where(key => key.UserId == userId && key.RevokedAt == null && (key.ExpiresAt == null || key.ExpiresAt > now));

    private ApiKeyTerms Validate(ApiKeyTerms terms)
    {
        var errors = new Dictionary<string, string[]>();
        var name = terms.Name.Trim();
        if (name.Length == 0)
        {
            errors["name"] = ["This field is required."];
        }
        else if (name.Length > MaxNameLength)
        {
            errors["name"] = [$"Ensure this field has no more than {MaxNameLength} characters."];
        }

        if (terms.ExpiresInDays is < 1 or > MaxDays)
        {
            errors["expires_in_days"] = [$"Must be between 1 and {MaxDays}."];
        }

        var scopes = terms.Scopes.Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0 || scopes.Any(scope => !ApiKeyScopes.All.Contains(scope)))
        {
            errors["scopes"] = [$"Must be one or more of: {string.Join(", ", ApiKeyScopes.All)}."];
        }

        var models = terms.Models?.Distinct(StringComparer.Ordinal).ToList();
        if (models is { Count: 0 } || models?.Any(model => !catalogue.Contains(model)) == true)
        {
            errors["models"] = [$"Must be one or more of: {string.Join(", ", catalogue.Ids.Order(StringComparer.Ordinal))}."];
        }

        if (terms.DailyTokenBudget is < 1)
        {
            errors["daily_token_budget"] = ["Must be a positive number of tokens."];
        }

        if (terms.RequestsPerMinute is < 1 or > 10_000)
        {
            errors["requests_per_minute"] = ["Must be between 1 and 10000."];
        }

        return errors.Count > 0 ? throw ProblemException.Validation(errors) : terms with { Name = name, Scopes = scopes, Models = models };
    }

    private static ProblemException KeyNotFound() => ProblemException.NotFound("The API key");
}
