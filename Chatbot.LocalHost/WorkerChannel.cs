using System.Security.Cryptography;

namespace Chatbot.LocalHost;

/// <summary>
/// The conversation with whichever worker process runs now. Each (re)started worker begins a new one, so a crashed
/// worker's half-finished start-up or queued messages never reach its successor.
/// </summary>
internal sealed class WorkerChannel(ILogger<WorkerChannel> logger)
{
    // Until the first worker starts, a conversation no id can open.
    private WorkerConversation current = new(logger, new RecentLines(), Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));

    public WorkerConversation Current => Volatile.Read(ref current);

    /// <summary>
    /// A fresh conversation for a worker about to start with <paramref name="workerId"/>, its logs kept in
    /// <paramref name="recent"/>; the previous one ends.
    /// </summary>
    public WorkerConversation Begin(RecentLines recent, string workerId)
    {
        var next = new WorkerConversation(logger, recent, workerId);
        Interlocked.Exchange(ref current, next).Disconnected();
        return next;
    }

    public void Send(Rpc.StreamingMessage message) => Current.Send(message);
}
