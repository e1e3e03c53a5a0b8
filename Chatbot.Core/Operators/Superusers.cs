using System.Globalization;
using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Limits;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Operators;

/// <summary>
/// What the operator does from a console, as Django's <c>createsuperuser</c> and <c>changepassword</c>: make an active
/// admin (a new account, or an existing one whose password the operator knows), and set a password that lets a
/// locked-out account sign in again. Nobody is signed in there, so the audit lines name no actor and no address.
/// The same rules as <c>/register/</c> apply (<see cref="AccountRules"/>).
/// </summary>
public sealed class Superusers(
    ChatbotDbContext db,
    PasswordHasher passwords,
    TokenRevocation revocation,
    LoginThrottle loginThrottle,
    AuditLog audit,
    TimeProvider time)
{
    /// <summary>The account's own spelling of <paramref name="username"/> (names match in any letter case), or null when there is none.</summary>
    public Task<string?> FindUsernameAsync(string username, CancellationToken cancellationToken)
    {
        var normalized = AccountRules.Normalize(username);
        return db.Users.AsNoTracking()
            .Where(user => user.NormalizedUsername == normalized)
            .Select(user => user.Username)
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Makes <paramref name="username"/> an active admin. A new name becomes a new account with <paramref name="email"/>
    /// and <paramref name="password"/>, checked as <c>/register/</c> checks them. An existing account is promoted (and
    /// activated) only when <paramref name="password"/> is its own: the command never hands a stranger's account admin
    /// rights on its name alone.
    /// </summary>
    public async Task<SuperuserOutcome> CreateOrPromoteAsync(string username, string? email, string password, CancellationToken cancellationToken)
    {
        var normalized = AccountRules.Normalize(username);
        var existing = await db.Users.SingleOrDefaultAsync(user => user.NormalizedUsername == normalized, cancellationToken);
        if (existing is not null)
        {
            return await PromoteAsync(existing, password, cancellationToken);
        }

        var errors = AccountRules.Validate(username, email, password);
        if (errors.Count > 0)
        {
            throw ProblemException.Validation(errors);
        }

        var passwordHash = await passwords.HashAsync(password, cancellationToken);
        var createdAt = time.GetDatabaseNow();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            // The account and its audit line are saved together; a retry starts again from nothing saved.
            db.ChangeTracker.Clear();
            var user = new User
            {
                Username = username,
                NormalizedUsername = normalized,
                Email = email!,
                PasswordHash = passwordHash,
                CreatedAt = createdAt,
                Role = UserRole.Admin,
                Status = AccountStatus.Active,
            };
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            db.Users.Add(user);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Someone registered the name since it was looked up; the unique index decided.
                throw ProblemException.Validation("username", "A user with that username already exists.");
            }

            Record(user, AuditActions.SuperuserCreated, "created as an active admin from the command line");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new SuperuserOutcome(user.Id, user.Username, Promoted: false);
        });
    }

    /// <summary>
    /// Sets <paramref name="username"/>'s password (checked as a password change checks it), ends every login of the
    /// account and forgives the login throttle's failures for its name: the way back in for a locked-out admin.
    /// </summary>
    public async Task<string> ResetPasswordAsync(string username, string password, CancellationToken cancellationToken)
    {
        var normalized = AccountRules.Normalize(username);
        var user = await db.Users.SingleOrDefaultAsync(candidate => candidate.NormalizedUsername == normalized, cancellationToken)
            ?? throw UnknownUser(username);
        if (AccountRules.PasswordProblem(password, user.Username) is { } problem)
        {
            throw ProblemException.Validation("password", problem);
        }

        user.PasswordHash = await passwords.HashAsync(password, cancellationToken);
        Record(user, AuditActions.PasswordReset, "password set from the command line; every login of the account ended");
        await db.SaveChangesAsync(cancellationToken);
        await revocation.RevokeAllOfUserAsync(user.Id);
        await loginThrottle.ForgiveUsernameAsync(normalized);
        return user.Username;
    }

    private async Task<SuperuserOutcome> PromoteAsync(User user, string password, CancellationToken cancellationToken)
    {
        if (!await passwords.VerifyAsync(password, user.PasswordHash, cancellationToken))
        {
            throw new ProblemException(ProblemKind.Forbidden, "wrong_password", $"that is not the password of user '{user.Username}'.");
        }

        var before = $"{user.Role.ToString().ToLowerInvariant()}, {user.Status.ToString().ToLowerInvariant()}";
        user.Role = UserRole.Admin;
        user.Status = AccountStatus.Active;
        Record(user, AuditActions.SuperuserCreated, $"promoted from the command line (was {before})");
        await db.SaveChangesAsync(cancellationToken);
        return new SuperuserOutcome(user.Id, user.Username, Promoted: true);
    }

    private void Record(User user, string action, string detail)
        => audit.Add(AuditLog.Actor.Anonymous, action, "user", user.Id.ToString(CultureInfo.InvariantCulture), address: null, detail);

    /// <summary>No account has the name; in Django's words (<c>CommandError: user 'x' does not exist</c>).</summary>
    public static ProblemException UnknownUser(string username)
        => new(ProblemKind.NotFound, "user_not_found", $"user '{username}' does not exist");
}
