namespace Chatbot.LocalHost;

/// <summary>
/// The conversation with whichever worker process runs now. Each (re)started worker begins a new one, so a crashed
/// worker's half-finished start-up or queued messages never reach its successor.
/// </summary>
internal sealed class WorkerChannel(ILogger<WorkerChannel> logger)
{
    // Until the first worker starts, a conversation whose id nobody was given: no stream can open it.
    private WorkerConversation current = new(logger, new RecentLines());

    public WorkerConversation Current => Volatile.Read(ref current);

    /// <summary>A fresh conversation for a worker about to start, its logs kept in <paramref name="recent"/>; the previous one ends.</summary>
    public WorkerConversation Begin(RecentLines recent)
    {
        var next = new WorkerConversation(logger, recent);
        Interlocked.Exchange(ref current, next).Disconnected();
        return next;
    }

    public void Send(Rpc.StreamingMessage message) => Current.Send(message);
}
