using System.Collections.Concurrent;
using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Core.ApiKeys;

/// <summary>
/// Finds the live key behind a bearer token. A key is looked up by its digest, then the digests are compared in
/// constant time. What was found is remembered for <see cref="FreshFor"/> on this instance, so a busy key costs one
/// read every two seconds, and a revocation, an expiry, or the owner's deactivation or deletion made anywhere holds
/// everywhere within that (and at once on the instance that revoked it).
/// </summary>
public sealed class ApiKeyAuthenticator(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(2);

    /// <summary>Last use is written at most this often per key and instance: a timestamp is not worth a write per request.</summary>
    private static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    private const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, Found> found = new(StringComparer.Ordinal);

    /// <summary>The key's grant, or null when the token is not a live key of an active account.</summary>
    public async Task<ApiKeyGrant?> AuthenticateAsync(string token)
    {
        if (!ApiKeySecret.IsWellFormed(token))
        {
            return null;
        }

        var digest = ApiKeySecret.DigestOf(token);
        var now = time.GetUtcNow();
        if (!found.TryGetValue(digest, out var known) || now - known.At >= FreshFor)
        {
            known = new Found(await LoadAsync(digest, now), now);
            if (found.Count >= Capacity)
            {
                found.Clear();
            }

            found[digest] = known;
        }

        return known.Grant is { } grant && ApiKeySecret.SameDigest(grant.Digest, digest)
            && (grant.ExpiresAt is not { } expires || expires > now.UtcDateTime)
                ? grant
                : null;
    }

    /// <summary>A key revoked here is refused here from the next request on.</summary>
    public void Forget(string digest) => found.TryRemove(digest, out _);

    private async Task<ApiKeyGrant?> LoadAsync(string digest, DateTimeOffset now)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatbotDbContext>();
        var key = await db.ApiKeys.AsNoTracking()
            .Where(key => key.Digest == digest && key.RevokedAt == null)
            .Where(key => db.Users.Any(user => user.Id == key.UserId && user.Status == AccountStatus.Active))
            .SingleOrDefaultAsync(CancellationToken.None);
        if (key is null)
        {
            return null;
        }

        var today = Timestamps.Truncate(now);
        if (key.LastUsedAt is not { } last || today - last >= LastUseResolution)
        {
            await db.ApiKeys.Where(row => row.Id == key.Id)
                .ExecuteUpdateAsync(setters => setters.SetProperty(row => row.LastUsedAt, today), CancellationToken.None);
        }

        return new ApiKeyGrant(key.Id, key.UserId, key.Digest, key.ScopeList(), key.ModelList(),
            key.DailyTokenBudget, key.RequestsPerMinute, key.ExpiresAt);
    }

    private readonly record struct Found(ApiKeyGrant? Grant, DateTimeOffset At);
}
