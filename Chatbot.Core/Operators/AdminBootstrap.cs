using System.Security.Cryptography;
using System.Text;
using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Operators;

/// <summary>
/// Claiming the first admin over HTTP (<c>POST /admin/bootstrap/</c>), for a deployment whose database no console can
/// reach: a signed-in user who presents <c>Admin__BootstrapToken</c> becomes an active admin, while no active admin
/// exists. Each wrong token counts as a failed login for the address, so the token cannot be guessed faster than a
/// password.
/// </summary>
public sealed class AdminBootstrap(
    ChatbotDbContext db,
    IOptions<AdminOptions> options,
    LoginThrottle loginThrottle,
    SignInAudit signIns,
    AuditLog audit,
    AccountLifecycle accounts)
{
    /// <summary>The name the login throttle counts wrong tokens under; no username can be written with brackets.</summary>
    public const string ThrottleName = "(bootstrap)";

    public async Task<AccountDto> ClaimAsync(long userId, string? token, string clientAddress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.BootstrapToken))
        {
            // Turned off: answered as a route that does not exist, so nobody learns there could be one.
            throw new ProblemException(ProblemKind.NotFound, "not_found", "No function answers this route.");
        }

        if (string.IsNullOrEmpty(token))
        {
            throw ProblemException.Validation("token", "This field is required.");
        }

        await loginThrottle.EnsureAllowedAsync(clientAddress, ThrottleName, cancellationToken);
        var user = await signIns.ActorAsync(userId);
        if (user.Username is null)
        {
            throw ProblemException.InvalidToken();
        }

        if (!SameSecret(token, options.Value.BootstrapToken))
        {
            await signIns.RecordFailureAsync(new FailedSignIn(clientAddress, ThrottleName, ThrottleName, user, "wrong bootstrap token"));
            throw new ProblemException(ProblemKind.Forbidden, "invalid_bootstrap_token", "That is not the bootstrap token.");
        }

        await loginThrottle.ResetAsync(clientAddress, ThrottleName, cancellationToken);
        await MakeFirstAdminAsync(userId, user, clientAddress, cancellationToken);
        return await accounts.GetAsync(userId, cancellationToken);
    }

    /// <summary>
    /// Makes <paramref name="user"/> an active admin if no active admin exists, else 409 <c>admin_exists</c>. The check
    /// and the change are one write transaction holding the admins' lock: of two claims at once, one wins.
    /// </summary>
    private Task MakeFirstAdminAsync(long userId, AuditLog.Actor user, string clientAddress, CancellationToken cancellationToken)
        => db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            await db.LockAsync(OperatorLocks.AdminRoles, cancellationToken);
            if (await db.Users.AnyAsync(candidate => candidate.Role == UserRole.Admin && candidate.Status == AccountStatus.Active, cancellationToken))
            {
                throw new ProblemException(ProblemKind.Conflict, "admin_exists",
                    "An admin exists already: ask an admin to make you one (PATCH /admin/users/{id}/).");
            }

            var promoted = await db.Users.Where(candidate => candidate.Id == userId)
                .ExecuteUpdateAsync(setters => setters
                    .SetProperty(candidate => candidate.Role, UserRole.Admin)
                    .SetProperty(candidate => candidate.Status, AccountStatus.Active), cancellationToken);
            if (promoted == 0)
            {
                throw ProblemException.InvalidToken();
            }

            audit.Add(user, AuditActions.Bootstrap, AuditTargets.User, AuditTargets.Id(userId), clientAddress, "made the first admin with the bootstrap token");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });

    /// <summary>
    /// Compares the digests, not the texts: both are 32 bytes whatever was sent, so the time taken tells neither where the
    /// texts differ nor how long the token is.
    /// </summary>
    private static bool SameSecret(string presented, string expected)
        => CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
