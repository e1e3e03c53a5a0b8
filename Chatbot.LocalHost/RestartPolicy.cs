namespace Chatbot.LocalHost;

/// <summary>
/// When a crashed worker is started again, as the Functions host does: after a doubling pause (0.25 s, 0.5 s, 1 s …
/// up to 5 s), and at most <c>limit</c> times in any minute; a worker that keeps dying is a bug to show, not to hide.
/// </summary>
internal sealed class RestartPolicy(int limit, TimeProvider time)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Queue<DateTimeOffset> recent = new();

    /// <summary>Counts a crash; the pause before the restart, or null when the limit is used up.</summary>
    public TimeSpan? NextDelay()
    {
        var now = time.GetUtcNow();
        while (recent.TryPeek(out var oldest) && now - oldest >= Window)
        {
            recent.Dequeue();
        }

        if (recent.Count >= limit)
        {
            return null;
        }

        var delay = FirstDelay * Math.Pow(2, recent.Count);
        recent.Enqueue(now);
        return delay < MaxDelay ? delay : MaxDelay;
    }
}
