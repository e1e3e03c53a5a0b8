using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Auth;

/// <summary>
/// Ends token families: marks their refresh tokens revoked and writes a tombstone per family, which refresh checks in
/// the database and every instance's <see cref="RevokedFamilyCache"/> checks for access tokens.
/// </summary>
public sealed class TokenRevocation(ChatbotDbContext db, RevokedFamilyCache cache, TimeProvider time)
{
    /// <summary>Revokes one family. Not cancellable: a caller must not be able to stop a revocation by hanging up.</summary>
    public Task<int> RevokeFamilyAsync(Guid familyId) => RevokeAsync([familyId]);

    /// <summary>Revokes every family of <paramref name="userId"/> (every device), except <paramref name="keep"/> when given.</summary>
    public async Task<int> RevokeAllOfUserAsync(long userId, Guid? keep = null)
    {
        var families = await db.RefreshTokens.AsNoTracking()
            .Where(token => token.UserId == userId && token.FamilyId != keep)
            .Select(token => token.FamilyId)
            .Distinct()
            .ToListAsync(CancellationToken.None);
        return await RevokeAsync(families);
    }

    public Task<bool> IsRevokedAsync(Guid familyId, CancellationToken cancellationToken)
        => db.RevokedTokenFamilies.AnyAsync(family => family.FamilyId == familyId, cancellationToken);

    private async Task<int> RevokeAsync(IReadOnlyCollection<Guid> familyIds)
    {
        if (familyIds.Count == 0)
        {
            return 0;
        }

        var now = time.GetDatabaseNow();
        // The tombstone first: from the moment it commits, no refresh of the family succeeds, even one already under way.
        db.RevokedTokenFamilies.AddRange(familyIds.Select(familyId => new RevokedTokenFamily { FamilyId = familyId, RevokedAt = now }));
        await db.SaveChangesAsync(CancellationToken.None);
        cache.Remember(familyIds, now);
        return await db.RefreshTokens
            .Where(token => familyIds.Contains(token.FamilyId) && token.RevokedAt == null)
            .ExecuteUpdateAsync(setters => setters.SetProperty(token => token.RevokedAt, now), CancellationToken.None);
    }
}
