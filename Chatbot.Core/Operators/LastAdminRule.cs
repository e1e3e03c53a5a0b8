using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Operators;

/// <summary>
/// A deployment keeps at least one active admin: the last one cannot be demoted, deactivated or deleted. Two admins
/// demoting each other at once must not both pass, so the count is taken inside a write transaction that holds the
/// admins' lock: SQLite's single writer, and on PostgreSQL a deployment-wide advisory lock held until commit.
/// </summary>
internal static class LastAdminRule
{
    // PostgreSQL's two-key advisory locks are a key space of their own, apart from the one-key, per-user locks that
    // AnswerAdmission takes, so no user id can collide with this lock.
    private const int OperatorsLockClass = 21;
    private const int AdminRolesLock = 1;

    /// <summary>Holds the admins' lock until the caller's write transaction ends; call it before reading any admin.</summary>
    public static async Task LockAdminsAsync(this ChatbotDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({OperatorsLockClass}, {AdminRolesLock})", cancellationToken);
        }
    }

    public static bool IsActiveAdmin(UserRole role, AccountStatus status) => role == UserRole.Admin && status == AccountStatus.Active;

    /// <summary>Throws 409 <c>last_admin</c> unless an active admin other than <paramref name="userId"/> remains.</summary>
    public static async Task EnsureAnotherActiveAdminAsync(this ChatbotDbContext db, long userId, CancellationToken cancellationToken)
    {
        var others = await db.Users.AnyAsync(
            user => user.Id != userId && user.Role == UserRole.Admin && user.Status == AccountStatus.Active, cancellationToken);
        if (!others)
        {
            throw new ProblemException(ProblemKind.Conflict, "last_admin",
                "This is the last active admin: make another user an admin first.");
        }
    }
}
