using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Limits;

/// <summary>
/// At most <see cref="LimitsOptions.SearchesPerUserPerMinute"/> searches by one user in any minute: a search reads the
/// index, ranks and snippets, the costliest read a user can repeat at will. Counted in the database (table
/// <c>user_searches</c>), so it holds across instances. A search is stored first and then counted with every other of
/// the user's in the window, so parallel searches, on any number of instances, never all get under the limit together:
/// each stored before it counts, and the later to count sees the other (at the limit two racing searches may both be
/// refused, never both let through). A refused search is deleted again, so it does not count and a client that retries
/// too soon does not push its own wait further.
/// </summary>
public sealed class SearchLimit(ChatbotDbContext db, IOptions<LimitsOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private LimitsOptions Limits => options.Value;

    public async Task EnsureAllowedAsync(long userId, CancellationToken cancellationToken)
    {
        if (!Limits.Enabled)
        {
            return;
        }

        var now = time.GetDatabaseNow();
        var search = new UserSearch { UserId = userId, SearchedAt = now };
        db.UserSearches.Add(search);
        await db.SaveChangesAsync(cancellationToken);

        var windowStart = now - Window;
        var others = await db.UserSearches.AsNoTracking()
            .Where(other => other.UserId == userId && other.SearchedAt > windowStart && other.Id != search.Id)
            .OrderBy(other => other.SearchedAt)
            .Select(other => other.SearchedAt)
            .ToListAsync(cancellationToken);
        if (SlidingWindow.ReopensAt(others, Limits.SearchesPerUserPerMinute, Window) is { } reopensAt && reopensAt > now)
        {
            // Not cancellable: a refusal left stored would count against the user.
            db.UserSearches.Remove(search);
            await db.SaveChangesAsync(CancellationToken.None);
            throw new ProblemException(ProblemKind.TooManyRequests, "search_rate_limited",
                $"At most {Limits.SearchesPerUserPerMinute} searches a minute.")
            {
                RetryAfter = reopensAt - now,
            };
        }

        // Pruned here, where rows are written, so the table never holds more than a minute of searches.
        await db.UserSearches.Where(old => old.SearchedAt <= windowStart).ExecuteDeleteAsync(CancellationToken.None);
    }
}
