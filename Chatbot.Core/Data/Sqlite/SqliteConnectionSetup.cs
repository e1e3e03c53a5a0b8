using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Chatbot.Core.Data.Sqlite;

/// <summary>
/// Per-connection SQLite settings. In WAL mode, <c>synchronous=NORMAL</c> still survives a crash of the app (a
/// power cut may lose the last commits, never corrupt the file) and spares an fsync on every commit, which is what
/// lets concurrent message writes keep up. <c>busy_timeout</c> makes SQLite itself wait for the writer's lock, in
/// short steps, instead of failing at once and leaving the retry to coarse sleeps in the driver. <c>mmap_size</c> reads
/// the file through the OS's page cache instead of copying pages into each connection's small cache, which SQLite
/// empties whenever another connection writes (every streaming answer's heartbeat does, each second): a search that
/// visits hundreds of messages at random costs about half as much.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA mmap_size=268435456;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
