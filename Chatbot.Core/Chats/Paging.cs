using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Chats;

/// <summary>
/// Which page of a list: at most <see cref="Limit"/> items following <see cref="After"/> or preceding
/// <see cref="Before"/> (ids of items in the list), in the list's own order.
/// </summary>
public sealed record PageRequest(int Limit, long? Before, long? After)
{
    /// <summary>The most a page may hold, and what a request without <c>limit</c> gets.</summary>
    public const int MaxLimit = 1000;

    public static PageRequest Parse(string? limit, string? before, string? after)
    {
        var errors = new Dictionary<string, string[]>();
        var size = limit is null ? MaxLimit : ParseNumber(limit, "limit", errors, 1, MaxLimit);
        long? beforeId = before is null ? null : ParseNumber(before, "before", errors, 1, long.MaxValue);
        long? afterId = after is null ? null : ParseNumber(after, "after", errors, 1, long.MaxValue);
        if (before is not null && after is not null)
        {
            errors["before"] = ["Give either before or after, not both."];
        }

        return errors.Count > 0 ? throw ProblemException.Validation(errors) : new PageRequest((int)size, beforeId, afterId);
    }

    internal static long ParseNumber(string value, string name, Dictionary<string, string[]> errors, long min, long max)
    {
        if (long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number >= min && number <= max)
        {
            return number;
        }

        errors[name] = [max == long.MaxValue ? "Must be a positive 64-bit integer id." : $"Must be a whole number from {min} to {max}."];
        return 0;
    }
}

/// <summary>One page of a list; <see cref="HasNext"/> and <see cref="HasPrevious"/> say whether more lie beyond each end.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, bool HasPrevious, bool HasNext);

/// <summary>
/// Every list pages the same way: it reads one row more than the page holds, and whether that row came back says if the
/// list goes on past the page, without a count.
/// </summary>
internal static class Paging
{
    /// <summary>How many rows to read for a page of <paramref name="limit"/>, for a query that takes the number itself.</summary>
    public static int RowsToRead(int limit) => limit + 1;

    /// <summary>A page from rows read in the list's own order (forward from an <c>after</c> cursor, or from the start).</summary>
    public static Page<T> Forward<T>(IReadOnlyList<T> rows, int limit, bool hasPrevious)
        => new(rows.Take(limit).ToList(), hasPrevious, HasNext: rows.Count > limit);

    /// <summary>A page from rows read nearest first, backward from a <c>before</c> cursor; the page is put back in the list's order.</summary>
    public static Page<T> Backward<T>(IReadOnlyList<T> rows, int limit)
        => new(rows.Take(limit).Reverse().ToList(), HasPrevious: rows.Count > limit, HasNext: true);

    /// <summary>Reads the page of <paramref name="limit"/> that <paramref name="rows"/> (in the list's order) start with.</summary>
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> rows, int limit, bool hasPrevious, CancellationToken cancellationToken)
        => Forward(await rows.Take(RowsToRead(limit)).ToListAsync(cancellationToken), limit, hasPrevious);

    /// <summary>Reads the page of <paramref name="limit"/> that ends where <paramref name="rowsNearestFirst"/> (in reverse order) start.</summary>
    public static async Task<Page<T>> ToPageBackwardAsync<T>(this IQueryable<T> rowsNearestFirst, int limit, CancellationToken cancellationToken)
        => Backward(await rowsNearestFirst.Take(RowsToRead(limit)).ToListAsync(cancellationToken), limit);
}
