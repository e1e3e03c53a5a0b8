namespace Chatbot.Core.Limits;

/// <summary>"At most <c>limit</c> events in any <c>window</c>", counted from rows the database keeps.</summary>
internal static class SlidingWindow
{
    /// <summary>
    /// When one more event is allowed, or null when it is allowed now. <paramref name="eventsInWindow"/> are the
    /// times, oldest first, of the events inside the window; once the limit is reached, the next event waits until
    /// enough of the oldest have left it. The lists are short: a refused event is never recorded, so no more than
    /// about <paramref name="limit"/> rows can pile up in one window.
    /// </summary>
    public static DateTime? ReopensAt(IReadOnlyList<DateTime> eventsInWindow, int limit, TimeSpan window)
        => eventsInWindow.Count < limit ? null : eventsInWindow[eventsInWindow.Count - limit] + window;
}
