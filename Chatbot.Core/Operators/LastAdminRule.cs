using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Operators;

/// <summary>
/// A deployment keeps at least one active admin: the last one cannot be demoted, deactivated or deleted. Two admins
/// demoting each other at once must not both pass, so the count is taken inside a write transaction that holds the
/// admins' lock (<see cref="OperatorLocks.AdminRoles"/>): SQLite's single writer, and on PostgreSQL an advisory lock held until commit.
/// </summary>
internal static class LastAdminRule
{
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
