using System.Collections.Concurrent;

namespace Chatbot.Core.Data.Sqlite;

/// <summary>
/// SQLite lets one connection write at a time, and one that finds the lock taken waits in its busy handler: a sleep
/// on a thread-pool thread, in growing steps (up to 100 ms), with no order among the waiters. Under a burst of messages
/// that held threads and made the slowest waiters wait over a second. Writers of this process queue here instead, in
/// order and without a thread each, and the lock is free when their turn comes. Another process (a script on the
/// same file) still meets the busy handler, which stays as the fallback.
/// </summary>
internal sealed class SqliteWriteGate
{
    /// <summary>As long as SQLite's own busy timeout; after it the writer goes on and SQLite decides, as before.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim turn = new(1, 1);

    /// <summary>The gate of one database file, known by its connection string.</summary>
    public static SqliteWriteGate For(string connectionString) => Gates.GetOrAdd(connectionString, static _ => new());

    /// <summary>Waits for this process's turn to write; disposing the result ends it.</summary>
    public async ValueTask<Turn> EnterAsync(CancellationToken cancellationToken)
        => new(await turn.WaitAsync(LongestWait, cancellationToken) ? turn : null);

    /// <summary>A turn to write, or none if the wait ran out (then SQLite's lock alone decides).</summary>
    public readonly struct Turn(SemaphoreSlim? held) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            held?.Release();
            return ValueTask.CompletedTask;
        }
    }
}
