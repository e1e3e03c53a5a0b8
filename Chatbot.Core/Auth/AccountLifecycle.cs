using Chatbot.Core.Attachments;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Limits;
using Chatbot.Core.Operators;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Auth;

/// <summary>
/// What a signed-in user does with their account: read it, log out (here or everywhere), change the password, erase
/// it. Each but reading is a line in the audit log, with the address it came from.
/// </summary>
public sealed class AccountLifecycle(
    ChatbotDbContext db,
    PasswordHasher passwords,
    LoginThrottle loginThrottle,
    LoginTokens tokens,
    TokenRevocation revocation,
    SignInAudit signIns,
    AttachmentCleanup attachments)
{
    public async Task<AccountDto> GetAsync(long userId, CancellationToken cancellationToken)
        => await db.Users.AsNoTracking()
            .Where(user => user.Id == userId)
            .Select(user => new AccountDto(
                user.Id, user.Username, user.Email, user.CreatedAt, AccountNames.Name(user.Role), AccountNames.Name(user.Status)))
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.InvalidToken();

    /// <summary>
    /// SimpleJWT's blacklist: the login <paramref name="refreshToken"/> belongs to ends, with every refresh and access
    /// token descended from it. Holding the token is the proof; no access token is needed.
    /// </summary>
    public async Task LogoutAsync(string? refreshToken, string clientAddress, CancellationToken cancellationToken)
    {
        var stored = await tokens.FindRefreshTokenAsync(refreshToken, cancellationToken);
        await revocation.RevokeFamilyAsync(stored.FamilyId);
        await signIns.RecordAsync(stored.UserId, AuditActions.Logout, clientAddress);
    }

    /// <summary>Ends every login of the user, on every device, this one included.</summary>
    public async Task LogoutEverywhereAsync(long userId, string clientAddress)
    {
        await revocation.RevokeAllOfUserAsync(userId);
        await signIns.RecordAsync(userId, AuditActions.LogoutEverywhere, clientAddress);
    }

    /// <summary>Sets a new password and starts a new login for the caller; every other login of the user ends.</summary>
    public async Task<TokenPair> ChangePasswordAsync(
        long userId, string? currentPassword, string? newPassword, string clientAddress, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(currentPassword))
        {
            errors["current_password"] = ["This field is required."];
        }

        var user = await db.Users.SingleOrDefaultAsync(candidate => candidate.Id == userId, cancellationToken)
            ?? throw ProblemException.InvalidToken();
        if (AccountRules.PasswordProblem(newPassword, user.Username) is { } problem)
        {
            errors["new_password"] = [problem];
        }

        if (errors.Count > 0)
        {
            throw ProblemException.Validation(errors);
        }

        await RequireCurrentPasswordAsync(
            new StoredPassword(user.Id, user.Username, user.NormalizedUsername, user.PasswordHash), currentPassword, clientAddress, cancellationToken);
        user.PasswordHash = await passwords.HashAsync(newPassword!, cancellationToken);
        signIns.Add(new AuditLog.Actor(user.Id, user.Username), AuditActions.PasswordChanged, clientAddress);
        await db.SaveChangesAsync(cancellationToken);
        await revocation.RevokeAllOfUserAsync(userId);
        return await tokens.IssuePairAsync(userId, Guid.NewGuid(), cancellationToken);
    }

    /// <summary>
    /// Erases the account: its sessions, messages and tokens go with it (the database cascades from the user), and
    /// its access tokens are refused from now on although no row of the user is left.
    /// </summary>
    public async Task DeleteAsync(long userId, string? currentPassword, string clientAddress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(currentPassword))
        {
            throw ProblemException.Validation("current_password", "This field is required.");
        }

        var stored = await db.Users.AsNoTracking()
            .Where(user => user.Id == userId)
            .Select(user => new StoredPassword(user.Id, user.Username, user.NormalizedUsername, user.PasswordHash))
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.InvalidToken();
        await RequireCurrentPasswordAsync(stored, currentPassword, clientAddress, cancellationToken);
        await EraseAsync(userId);
        // Written once the account is gone; the line keeps its id and name, and outlives it.
        signIns.Add(stored.Actor, AuditActions.AccountDeleted, clientAddress);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>
    /// Erases the account without asking for its password (the caller has decided it may): what <see cref="DeleteAsync"/>
    /// and an admin's deletion both do. Not cancellable: half an erasure is worse than none or all. Joins the caller's
    /// transaction when there is one.
    /// </summary>
    public async Task EraseAsync(long userId)
    {
        // Tombstones first: they outlive the user and keep the access tokens already handed out dead.
        await revocation.RevokeAllOfUserAsync(userId);
        var files = await attachments.KeysOfUserAsync(userId);
        // Sessions first: their messages' links to attachments must be gone before the attachments go with the user
        // (PostgreSQL checks that foreign key before it has followed every cascade).
        await db.ChatSessions.Where(session => session.UserId == userId).ExecuteDeleteAsync(CancellationToken.None);
        await db.Users.Where(user => user.Id == userId).ExecuteDeleteAsync(CancellationToken.None);
        await attachments.DeleteBytesAsync(files);
    }

    /// <summary>
    /// The current password is checked as a login checks it, in the same count: an access token alone (a stolen one,
    /// a device left signed in) must not buy unlimited guesses at the password it would take over the account with.
    /// Locked, the answer is the login's 429, before the password is looked at.
    /// </summary>
    private async Task RequireCurrentPasswordAsync(
        StoredPassword stored, string? currentPassword, string clientAddress, CancellationToken cancellationToken)
    {
        await loginThrottle.EnsureAllowedAsync(clientAddress, stored.NormalizedUsername, cancellationToken);
        if (!await passwords.VerifyAsync(currentPassword!, stored.PasswordHash, cancellationToken))
        {
            await signIns.RecordFailureAsync(
                new FailedSignIn(clientAddress, stored.NormalizedUsername, stored.Username, stored.Actor, "wrong current password"));
            throw ProblemException.Validation("current_password", "Your old password was entered incorrectly. Please enter it again.");
        }

        await loginThrottle.ResetAsync(clientAddress, stored.NormalizedUsername, cancellationToken);
    }

    private sealed record StoredPassword(long Id, string Username, string NormalizedUsername, string PasswordHash)
    {
        public AuditLog.Actor Actor => new(Id, Username);
    }
}
