using System.Linq.Expressions;
using Chatbot.Core.Auth;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Operators;

/// <summary>The admin's view of the accounts: the user list (newest first, searched and filtered) and one user.</summary>
public sealed class UserDirectory(ChatbotDbContext db, TimeProvider time)
{
    /// <summary>
    /// A page of the users that match, newest first. A cursor is a user id; the page continues from that user's place
    /// in the order (joined, then id), along the <c>created_at</c> index.
    /// </summary>
    public async Task<Page<AdminUserDto>> ListAsync(UserFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var users = Matching(filter);
        var rows = (page.Before ?? page.After) is { } cursorId
            ? await PageFromAsync(users, cursorId, page, cancellationToken)
            : await Newest(users).Select(Row).ToPageAsync(page.Limit, hasPrevious: false, cancellationToken);

        var today = await db.SinceAsync(rows.Items.Select(row => row.Id).ToList(), Today(), cancellationToken);
        return new Page<AdminUserDto>(
            rows.Items.Select(row => row.ToDto(today.Of(row.Id))).ToList(), rows.HasPrevious, rows.HasNext);
    }

    public async Task<AdminUserDetailDto> GetAsync(long userId, CancellationToken cancellationToken)
    {
        var row = await db.Users.AsNoTracking().Where(user => user.Id == userId).Select(Row).SingleOrDefaultAsync(cancellationToken)
            ?? throw UserNotFound();
        var today = Today();
        var month = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var thisMonth = await db.SinceAsync([userId], month, cancellationToken);
        var sinceToday = await db.SinceAsync([userId], today, cancellationToken);
        var sessions = await db.ChatSessions.Kept().CountAsync(session => session.UserId == userId, cancellationToken);
        var user = row.ToDto(sinceToday.Of(userId));
        return new AdminUserDetailDto(
            user.Id, user.Username, user.Email, user.Role, user.Status, user.DateJoined, user.LastLogin, user.DailyTokenQuota,
            user.UsageToday, thisMonth.Of(userId), sessions);
    }

    public static ProblemException UserNotFound() => ProblemException.NotFound("The user");

    private async Task<Page<UserRow>> PageFromAsync(IQueryable<User> users, long cursorId, PageRequest page, CancellationToken cancellationToken)
    {
        var cursor = await db.Users.AsNoTracking()
            .Where(user => user.Id == cursorId)
            .Select(user => new { user.CreatedAt, user.Id })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.Validation(page.Before is null ? "after" : "before", "No such user.");

        if (page.After is not null)
        {
            return await Newest(users.Where(user => user.CreatedAt < cursor.CreatedAt
                    || (user.CreatedAt == cursor.CreatedAt && user.Id < cursor.Id)))
                .Select(Row).ToPageAsync(page.Limit, hasPrevious: true, cancellationToken);
        }

        return await users.Where(user => user.CreatedAt > cursor.CreatedAt
                || (user.CreatedAt == cursor.CreatedAt && user.Id > cursor.Id))
            .OrderBy(user => user.CreatedAt).ThenBy(user => user.Id)
            .Select(Row).ToPageBackwardAsync(page.Limit, cancellationToken);
    }

    private IQueryable<User> Matching(UserFilter filter)
    {
        var users = db.Users.AsNoTracking();
        if (filter.Q is { } q)
        {
            // Usernames are compared by their normalized key (as login does); emails in lower case, on either database.
            var username = AccountRules.Normalize(q);
            var email = q.ToLowerInvariant();
            users = users.Where(user => user.NormalizedUsername.Contains(username) || user.Email.ToLower().Contains(email));
        }

        if (filter.Role is { } role)
        {
            users = users.Where(user => user.Role == role);
        }

        if (filter.Status is { } status)
        {
            users = users.Where(user => user.Status == status);
        }

        return users;
    }

    private static IQueryable<User> Newest(IQueryable<User> users)
        => users.OrderByDescending(user => user.CreatedAt).ThenByDescending(user => user.Id);

    private DateTime Today() => time.GetUtcNow().UtcDateTime.Date;

    private static readonly Expression<Func<User, UserRow>> Row = user => new UserRow(
        user.Id, user.Username, user.Email, user.Role, user.Status, user.CreatedAt, user.LastLoginAt, user.DailyTokenQuota);

    /// <summary>The columns the admin sees, read without the password hash; named for the API after the read.</summary>
    private sealed record UserRow(
        long Id, string Username, string Email, UserRole Role, AccountStatus Status, DateTime CreatedAt, DateTime? LastLoginAt, long? DailyTokenQuota)
    {
        public AdminUserDto ToDto(UsageSummary today) => new(
            Id, Username, Email, AccountNames.Name(Role), AccountNames.Name(Status), CreatedAt, LastLoginAt, DailyTokenQuota, today);
    }
}
