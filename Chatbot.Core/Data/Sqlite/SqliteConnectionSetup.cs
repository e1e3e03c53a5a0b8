using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Chatbot.Core.Data.Sqlite;

/// <summary>
/// Per-connection SQLite settings. In WAL mode, <c>synchronous=NORMAL</c> still survives a crash of the app (a
/// power cut may lose the last commits, never corrupt the file) and spares an fsync on every commit, which is what
/// lets concurrent message writes keep up. <c>busy_timeout</c> makes SQLite itself wait for the writer's lock, in
/// short steps, instead of failing at once and leaving the retry to coarse sleeps in the driver. <c>mmap_size</c> reads
/// the file through the OS's page cache instead of copying pages into each connection's small cache, which SQLite
/// empties whenever another connection writes (every streaming answer's heartbeat does, each second): a search that
/// visits hundreds of messages at random costs about half as much.
/// The settings belong to the native connection, which Microsoft.Data.Sqlite pools and hands out again on every
/// open; they are set once per native connection, not on each of the many opens a request makes.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA mmap_size=268435456;";

    private static readonly object Done = new();

    private readonly ConditionalWeakTable<sqlite3, object> configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsSetup(connection) is { } handle)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            configured.AddOrUpdate(handle, Done);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsSetup(connection) is { } handle)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            configured.AddOrUpdate(handle, Done);
        }
    }

    /// <summary>The native connection behind <paramref name="connection"/> when it has not been set up yet.</summary>
    private sqlite3? NeedsSetup(DbConnection connection)
        => connection is SqliteConnection { Handle: { } handle } && !configured.TryGetValue(handle, out _) ? handle : null;
}
