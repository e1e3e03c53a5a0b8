using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Limits;

/// <summary>"At most <c>limit</c> events in any <c>window</c>", counted from rows the database keeps.</summary>
internal static class SlidingWindow
{
    /// <summary>
    /// When one more event is allowed, or null when it is allowed now. <paramref name="eventsInWindow"/> are the
    /// times of the events inside the window; once the limit is reached, the next event waits until enough of
    /// the oldest have left it.
    /// </summary>
    public static async Task<DateTime?> ReopensAtAsync(
        IQueryable<DateTime> eventsInWindow, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var count = await eventsInWindow.CountAsync(cancellationToken);
        if (count < limit)
        {
            return null;
        }

        var oldestThatMustLeave = await eventsInWindow.OrderBy(at => at).Skip(count - limit).FirstAsync(cancellationToken);
        return oldestThatMustLeave + window;
    }
}
