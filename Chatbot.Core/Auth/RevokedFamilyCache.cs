using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Auth;

/// <summary>
/// This instance's copy of the revoked token families, so an access token is checked against revocations without a
/// database read per request. At most every <see cref="RefreshInterval"/> one cheap query fetches the tombstones
/// written since the last look (by any instance), so a revocation reaches every instance within a few seconds.
/// </summary>
public sealed class RevokedFamilyCache(IServiceScopeFactory scopes, IOptions<JwtOptions> jwt, TimeProvider time)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Each look reaches back this much further than the last one: tombstones carry the writer's clock and commit
    /// a moment after they are stamped, so a look that started exactly at the last one's time could miss them.
    /// </summary>
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim refreshing = new(1, 1);
    private readonly Lock swap = new();
    private Dictionary<Guid, DateTime> revoked = [];
    private DateTimeOffset? lastLook;

    /// <summary>Whether tokens of <paramref name="familyId"/> are refused; brings the copy up to date first when it is stale.</summary>
    public async Task<bool> IsRevokedAsync(Guid familyId)
    {
        if (IsStale())
        {
            await RefreshAsync();
        }

        return Volatile.Read(ref revoked).ContainsKey(familyId);
    }

    /// <summary>Revocations made here count at once here; other instances see them at their next look.</summary>
    public void Remember(IEnumerable<Guid> familyIds, DateTime revokedAt)
    {
        lock (swap)
        {
            var next = new Dictionary<Guid, DateTime>(revoked);
            foreach (var familyId in familyIds)
            {
                next[familyId] = revokedAt;
            }

            Volatile.Write(ref revoked, next);
        }
    }

    private bool IsStale() => lastLook is not { } last || time.GetUtcNow() - last >= RefreshInterval;

    private async Task RefreshAsync()
    {
        // One query at a time per instance; callers that waited find the copy fresh and go on.
        await refreshing.WaitAsync();
        try
        {
            if (!IsStale())
            {
                return;
            }

            var now = time.GetUtcNow();
            // Older tombstones guard nothing: every access token issued before them has expired.
            var keep = jwt.Value.AccessTokenLifetime + jwt.Value.ClockSkew + Overlap;
            var since = Timestamps.Truncate((lastLook ?? now - keep) - Overlap);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ChatbotDbContext>();
            var found = await db.RevokedTokenFamilies.AsNoTracking()
                .Where(family => family.RevokedAt >= since)
                .Select(family => new { family.FamilyId, family.RevokedAt })
                .ToListAsync(CancellationToken.None);

            var horizon = (now - keep).UtcDateTime;
            lock (swap)
            {
                var next = revoked.Where(entry => entry.Value >= horizon).ToDictionary();
                foreach (var family in found)
                {
                    next[family.FamilyId] = family.RevokedAt;
                }

                Volatile.Write(ref revoked, next);
            }

            lastLook = now;
        }
        finally
        {
            refreshing.Release();
        }
    }
}
