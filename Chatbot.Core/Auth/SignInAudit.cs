using System.Text.Json.Nodes;
using Chatbot.Core.Data;
using Chatbot.Core.Limits;
using Chatbot.Core.Operators;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Auth;

/// <summary>
/// The audit log's sign-in events (a login, a failed one and the lock it began, a logout, a password change, an
/// erased account), written where each happens. A failed sign-in is counted by the <see cref="LoginThrottle"/> and
/// written down in one step, so the log shows every failure the throttle counts.
/// </summary>
public sealed class SignInAudit(ChatbotDbContext db, AuditLog audit, LoginThrottle loginThrottle)
{
    /// <summary>A username longer than any account's is cut to this in a line: it is a guess, and the log is not its store.</summary>
    private const int LongestUsernameKept = AccountRules.MaxUsernameLength;

    /// <summary>
    /// Counts <paramref name="failure"/> against its address and name and saves its line, with a <c>login_locked</c>
    /// line when this failure locked the name or the address. Saved at once and not cancellable: the request that
    /// failed goes on to fail, and its line must outlive it.
    /// </summary>
    internal async Task RecordFailureAsync(FailedSignIn failure)
    {
        var lockedUntil = await loginThrottle.RecordFailureAsync(failure.ClientAddress, failure.NormalizedUsername);
        var username = failure.UsernameTried.Length > LongestUsernameKept
            ? failure.UsernameTried[..LongestUsernameKept] + "…"
            : failure.UsernameTried;
        Add(failure.Account, AuditActions.LoginFailed, failure.ClientAddress,
            new JsonObject { ["username"] = username, ["reason"] = failure.Reason });
        if (lockedUntil is { } until)
        {
            Add(failure.Account, AuditActions.LoginLocked, failure.ClientAddress,
                new JsonObject { ["username"] = username, ["until"] = until });
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The line of <paramref name="user"/>'s own event, saved with the caller's next <c>SaveChangesAsync</c>.</summary>
    internal void Add(AuditLog.Actor user, string action, string clientAddress, JsonObject? detail = null)
    {
        var target = user.Id is { } id ? AuditTargets.Id(id) : null;
        audit.Add(user, action, target is null ? null : AuditTargets.User, target, clientAddress, detail?.ToJsonString());
    }

    /// <summary>The line of the user <paramref name="userId"/>'s own event, saved now (not cancellable: the event happened).</summary>
    internal async Task RecordAsync(long userId, string action, string clientAddress)
    {
        Add(await ActorAsync(userId), action, clientAddress);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The user as a line keeps them: the id, and the username it has now (null once the account is gone).</summary>
    internal async Task<AuditLog.Actor> ActorAsync(long userId)
        => new(userId, await db.Users.AsNoTracking()
            .Where(user => user.Id == userId)
            .Select(user => user.Username)
            .SingleOrDefaultAsync(CancellationToken.None));
}
