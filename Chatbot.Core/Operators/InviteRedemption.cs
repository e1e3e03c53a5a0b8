using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Operators;

/// <summary>Using an invite code to register (<c>registration_mode</c> <c>invite</c>).</summary>
internal static class InviteRedemption
{
    /// <summary>
    /// Uses one of the invite's uses and answers its id, or null when <paramref name="code"/> is no invite, or one that
    /// has expired or is used up (revoked invites are gone). Call it inside the transaction that creates the account, so
    /// a registration that fails after it gives the use back. The conditional update is the arbiter: of two
    /// registrations racing for an invite's last use, exactly one changes the row.
    /// </summary>
    public static async Task<long?> UseInviteAsync(this ChatbotDbContext db, string code, DateTime now, CancellationToken cancellationToken)
    {
        var hash = InviteCodeSecret.HashOf(code);
        var invite = await db.InviteCodes.AsNoTracking()
            .Where(candidate => candidate.CodeHash == hash)
            .Select(candidate => new { candidate.Id, candidate.CodeHash })
            .SingleOrDefaultAsync(cancellationToken);
        if (invite is null || !InviteCodeSecret.SameHash(invite.CodeHash, hash))
        {
            return null;
        }

        var used = await db.InviteCodes
            .Where(candidate => candidate.Id == invite.Id && candidate.UsesLeft > 0 && candidate.ExpiresAt > now)
            .ExecuteUpdateAsync(setters => setters.SetProperty(candidate => candidate.UsesLeft, candidate => candidate.UsesLeft - 1), cancellationToken);
        return used == 1 ? invite.Id : null;
    }
}
