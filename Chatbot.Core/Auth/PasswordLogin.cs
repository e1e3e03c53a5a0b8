using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Limits;
using Chatbot.Core.Operators;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Auth;

/// <summary>
/// Signing in with a username and password: throttled per address and name, answered alike for every failure
/// (an unknown name, a wrong password, an account that is not active), each failure written to the audit log.
/// </summary>
public sealed class PasswordLogin(
    ChatbotDbContext db,
    PasswordHasher passwords,
    LoginThrottle loginThrottle,
    LoginTokens tokens,
    SignInAudit signIns,
    TimeProvider time)
{
    /// <summary>Every login looks its user up this way: compiled once, not translated again per request.</summary>
    private static readonly CompiledPerModel<Func<ChatbotDbContext, string, CancellationToken, Task<StoredAccount?>>> AccountOf = new(
        () => EF.CompileAsyncQuery((ChatbotDbContext db, string normalized, CancellationToken _) => db.Users.AsNoTracking()
            .Where(candidate => candidate.NormalizedUsername == normalized)
            .Select(candidate => new StoredAccount(candidate.Id, candidate.Username, candidate.PasswordHash, candidate.Status))
            .SingleOrDefault()));

    /// <summary>A new login: a refresh and an access token of a new family.</summary>
    public async Task<TokenPair> LoginAsync(string? username, string? password, string clientAddress, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(username))
        {
            errors["username"] = ["This field is required."];
        }

        if (string.IsNullOrEmpty(password))
        {
            errors["password"] = ["This field is required."];
        }

        if (errors.Count > 0)
        {
            throw ProblemException.Validation(errors);
        }

        var normalized = AccountRules.Normalize(username!);
        await loginThrottle.EnsureAllowedAsync(clientAddress, normalized, cancellationToken);
        var user = await AccountOf.For(db)(db, normalized, cancellationToken);

        // Verify even when there is no such user, so the answer's timing does not reveal which usernames exist; and look
        // at the status only after, so an account that may not sign in is answered in the time and words of a wrong
        // password (as Django's ModelBackend refuses an inactive user), and counted as one: its status cannot be probed.
        var verified = await passwords.VerifyAsync(password!, user?.PasswordHash, cancellationToken);
        if (user is null || !verified || user.Status != AccountStatus.Active)
        {
            await signIns.RecordFailureAsync(new FailedSignIn(
                clientAddress, normalized, username!, user?.Actor ?? AuditLog.Actor.Anonymous, FailureReason(user, verified)));
            throw NoActiveAccount();
        }

        await loginThrottle.ResetAsync(clientAddress, normalized, cancellationToken);
        if (passwords.NeedsRehash(user.PasswordHash))
        {
            await RehashAsync(user, password!, cancellationToken);
        }

        var now = time.GetDatabaseNow();
        await db.Users.Where(stored => stored.Id == user.Id)
            .ExecuteUpdateAsync(setters => setters.SetProperty(stored => stored.LastLoginAt, now), cancellationToken);
        // Saved with the login's refresh token: a login is written down exactly when it is handed out.
        signIns.Add(user.Actor, AuditActions.Login, clientAddress);
        return await tokens.IssuePairAsync(user.Id, Guid.NewGuid(), cancellationToken);
    }

    /// <summary>SimpleJWT's answer to a failed login, whatever failed.</summary>
    public static ProblemException NoActiveAccount()
        => new(ProblemKind.Unauthorized, "no_active_account", "No active account found with the given credentials");

    /// <summary>Why a login failed, for the audit log's reader only: the caller is told none of it.</summary>
    private static string FailureReason(StoredAccount? user, bool verified) => user switch
    {
        null => "unknown username",
        _ when !verified => "wrong password",
        _ => $"account {AccountNames.Name(user.Status)}",
    };

    /// <summary>
    /// Stores the password again at the configured work factor. Only over the very hash that was just verified: a
    /// password changed meanwhile is never put back to the one this login knew.
    /// </summary>
    private async Task RehashAsync(StoredAccount user, string password, CancellationToken cancellationToken)
    {
        var fresh = await passwords.HashAsync(password, cancellationToken);
        await db.Users
            .Where(stored => stored.Id == user.Id && stored.PasswordHash == user.PasswordHash)
            .ExecuteUpdateAsync(setters => setters.SetProperty(stored => stored.PasswordHash, fresh), cancellationToken);
    }

    private sealed record StoredAccount(long Id, string Username, string PasswordHash, AccountStatus Status)
    {
        public AuditLog.Actor Actor => new(Id, Username);
    }
}
