using System.Text.Json.Nodes;
using Chatbot.Core.Auth;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Operators;

/// <summary>
/// An admin's changes to accounts: role, status and quota (<c>PATCH /admin/users/{id}/</c>), and erasure. Each change
/// and its audit line commit together, in a write transaction that holds the admins' lock (<see cref="LastAdminRule"/>).
/// </summary>
public sealed class UserAdministration(
    ChatbotDbContext db, AuditLog audit, TokenRevocation revocation, AccountLifecycle accounts, UserDirectory directory)
{
    /// <summary>
    /// Applies the fields sent and answers the user as it now is. Switching an account off (deactivated or pending)
    /// revokes all its logins in the same transaction: its refresh tokens at once, its access tokens on every instance
    /// within seconds. A role change needs nothing more: the admin routes read the role from the database per request.
    /// </summary>
    public async Task<AdminUserDetailDto> UpdateAsync(AdminActor actor, long userId, UserChanges changes, CancellationToken cancellationToken)
    {
        var (role, status, quota) = Validate(changes);
        await InWriteTransactionAsync(async () =>
        {
            var user = await db.Users.SingleOrDefaultAsync(candidate => candidate.Id == userId, cancellationToken)
                ?? throw UserDirectory.UserNotFound();
            var wasActiveAdmin = LastAdminRule.IsActiveAdmin(user.Role, user.Status);
            var wasActive = user.Status == AccountStatus.Active;
            var changed = new JsonObject();
            if (role is { } newRole && newRole != user.Role)
            {
                changed["role"] = Change(AccountNames.Name(user.Role), AccountNames.Name(newRole));
                user.Role = newRole;
            }

            if (status is { } newStatus && newStatus != user.Status)
            {
                changed["status"] = Change(AccountNames.Name(user.Status), AccountNames.Name(newStatus));
                user.Status = newStatus;
            }

            if (quota is { } newQuota && newQuota.Value != user.DailyTokenQuota)
            {
                changed["daily_token_quota"] = new JsonObject { ["from"] = user.DailyTokenQuota, ["to"] = newQuota.Value };
                user.DailyTokenQuota = newQuota.Value;
            }

            if (changed.Count == 0)
            {
                return;
            }

            if (wasActiveAdmin && !LastAdminRule.IsActiveAdmin(user.Role, user.Status))
            {
                await db.EnsureAnotherActiveAdminAsync(userId, cancellationToken);
            }

            audit.Add(await db.AuditActorAsync(actor, cancellationToken), AuditActions.UserUpdated,
                AuditTargets.User, AuditTargets.Id(userId), actor.Address, changed.ToJsonString());
            await db.SaveChangesAsync(cancellationToken);
            if (wasActive && user.Status != AccountStatus.Active)
            {
                await revocation.RevokeAllOfUserAsync(userId);
            }
        }, cancellationToken);

        return await directory.GetAsync(userId, cancellationToken);
    }

    /// <summary>Erases the account as <c>DELETE /me/</c> does (sessions, messages, tokens, ledger); its audit lines stay.</summary>
    public async Task DeleteAsync(AdminActor actor, long userId, CancellationToken cancellationToken)
        => await InWriteTransactionAsync(async () =>
        {
            var user = await db.Users.AsNoTracking()
                .Where(candidate => candidate.Id == userId)
                .Select(candidate => new { candidate.Username, candidate.Role, candidate.Status })
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw UserDirectory.UserNotFound();
            if (LastAdminRule.IsActiveAdmin(user.Role, user.Status))
            {
                await db.EnsureAnotherActiveAdminAsync(userId, cancellationToken);
            }

            audit.Add(await db.AuditActorAsync(actor, cancellationToken), AuditActions.UserDeleted,
                AuditTargets.User, AuditTargets.Id(userId), actor.Address, new JsonObject { ["username"] = user.Username }.ToJsonString());
            await db.SaveChangesAsync(cancellationToken);
            await accounts.EraseAsync(userId);
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one write transaction holding the admins' lock, retried whole when the database asks.</summary>
    private Task InWriteTransactionAsync(Func<Task> work, CancellationToken cancellationToken)
        => db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            // A retry starts again from the database, not from entities a rolled-back attempt left looking saved.
            db.ChangeTracker.Clear();
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            await db.LockAsync(OperatorLocks.AdminRoles, cancellationToken);
            await work();
            await transaction.CommitAsync(cancellationToken);
        });

    private static (UserRole? Role, AccountStatus? Status, Sent<long?>? Quota) Validate(UserChanges changes)
    {
        var errors = new Dictionary<string, string[]>();
        UserRole? role = null;
        if (changes.Role is { } sentRole)
        {
            if (AccountNames.TryParseRole(sentRole.Value, out var parsed))
            {
                role = parsed;
            }
            else
            {
                errors["role"] = [AccountNames.RoleProblem];
            }
        }

        AccountStatus? status = null;
        if (changes.Status is { } sentStatus)
        {
            if (AccountNames.TryParseStatus(sentStatus.Value, out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors["status"] = [AccountNames.StatusProblem];
            }
        }

        if (changes.DailyTokenQuota is { Value: < 0 })
        {
            errors["daily_token_quota"] = ["Must be 0 or more tokens (0 allows no answers), or null for the deployment's default."];
        }

        return errors.Count > 0 ? throw ProblemException.Validation(errors) : (role, status, changes.DailyTokenQuota);
    }

    private static JsonObject Change(string from, string to) => new() { ["from"] = from, ["to"] = to };
}
