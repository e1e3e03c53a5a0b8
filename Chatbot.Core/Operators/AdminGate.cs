using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Operators;

/// <summary>
/// Whether the caller may use the <c>/admin/</c> routes: an active admin, read from the database on every admin
/// request (not from the token), so a role change or a deactivation holds at once on every instance, for tokens
/// already issued too. Admin requests are few; the read is one indexed row.
/// </summary>
public sealed class AdminGate(ChatbotDbContext db)
{
    public async Task EnsureAdminAsync(long userId, CancellationToken cancellationToken)
    {
        var isAdmin = await db.Users.AsNoTracking()
            .AnyAsync(user => user.Id == userId && user.Role == UserRole.Admin && user.Status == AccountStatus.Active, cancellationToken);
        if (!isAdmin)
        {
            throw PermissionDenied();
        }
    }

    /// <summary>The problem DRF answers with a signed-in caller who lacks the permission.</summary>
    public static ProblemException PermissionDenied()
        => new(ProblemKind.Forbidden, "permission_denied", "You do not have permission to perform this action.");
}
