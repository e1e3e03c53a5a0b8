using System.Text.Json;
using System.Text.RegularExpressions;
using Chatbot.Core.Attachments;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Search;
using Chatbot.Tests.Fixtures;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chatbot.Tests.Search;

/// <summary>
/// What a search costs follows the caller's own messages and files, never everyone's: another user's matches are not
/// even read from the index, nor their files' names. Counted, not timed: on SQLite the steps SQLite's virtual machine
/// takes for the search (each row the index hands over costs some), on PostgreSQL the rows the plan reads from
/// <c>messages</c>, the attachments' tables and their indexes.
/// </summary>
public sealed partial class SearchCostTests : IAsyncLifetime
{
    private const int OtherUsersMatches = 2000;

    private CoreServices core = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (core is not null)
        {
            await core.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Another_users_matches_add_nothing_to_what_a_search_reads(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        // Alice's messages are in three sessions: PostgreSQL's planner may start from her sessions, and then it once
        // read the whole index's matches for each of them.
        var alice = (await core.RegisterAsync("alice", "alice@example.com", "alice-password")).Id;
        for (var i = 0; i < 3; i++)
        {
            await StoreAsync(alice, await core.NewSessionAsync(alice), 1, "apple pie");
        }

        await AttachAsync(alice, "apple-pie.png");

        var (bob, bobSession) = await core.UserWithSessionAsync("bob");
        var nobody = (await core.RegisterAsync("nobody", "nobody@example.com", "nobody-password")).Id;
        await core.NewSessionAsync(nobody);
        // "apple-pie.png" finds files' names only (its words are never side by side in the text).
        string[] queries = ["apple", "app*", "\"apple pie\"", "apple-pie.png"];
        var alone = await CostsAsync(provider, alice, queries);
        var nobodyAlone = await CostsAsync(provider, nobody, queries);

        await StoreAsync(bob, bobSession, OtherUsersMatches, "apple pie, apple crumble");
        await AttachAsync(bob, "apple-pie.png");

        var beside = await CostsAsync(provider, alice, queries);
        var nobodyBeside = await CostsAsync(provider, nobody, queries);
        foreach (var (q, index) in queries.Select((q, index) => (q, index)))
        {
            Assert.True(beside[index] <= alone[index] * 2,
                $"Alice's search for {q} cost {alone[index]} alone and {beside[index]} beside Bob's {OtherUsersMatches} matches.");
            Assert.True(nobodyBeside[index] <= nobodyAlone[index] * 2 + 10,
                $"A search for {q} by a user with no messages cost {nobodyAlone[index]} alone and {nobodyBeside[index]} beside Bob's {OtherUsersMatches} matches.");
        }

        // And what they find is still their own.
        Assert.Equal(3, (await SearchAsync(alice, "apple")).Count);
        Assert.Equal(3, (await SearchAsync(alice, "apple-pie.png")).Count);
        Assert.Empty(await SearchAsync(nobody, "apple"));
        Assert.Equal(PageRequest.MaxLimit, (await SearchAsync(bob, "crumble")).Count);
    }

    private async Task<long[]> CostsAsync(DatabaseProvider provider, long user, string[] queries)
    {
        var costs = new long[queries.Length];
        for (var i = 0; i < queries.Length; i++)
        {
            costs[i] = provider == DatabaseProvider.Sqlite
                ? await SqliteStepsAsync(user, queries[i])
                : await PostgreSqlRowsReadAsync(user, queries[i]);
        }

        return costs;
    }

    /// <summary>The virtual machine's steps for the search, counted by a progress handler called at every step.</summary>
    private Task<long> SqliteStepsAsync(long user, string q) => core.InScopeAsync<IServiceProvider, long>(async services =>
    {
        var db = services.GetRequiredService<ChatbotDbContext>();
        await db.Database.OpenConnectionAsync();
        var handle = ((SqliteConnection)db.Database.GetDbConnection()).Handle!;
        long steps = 0;
        SQLitePCL.raw.sqlite3_progress_handler(handle, 1, _ =>
        {
            steps++;
            return 0;
        }, null);
        try
        {
            await services.GetRequiredService<MessageSearch>().SearchAsync(user, SearchRequest.Parse(q, null, null), default);
        }
        finally
        {
            SQLitePCL.raw.sqlite3_progress_handler(handle, 0, null, null);
        }

        return steps;
    });

    /// <summary>
    /// The search's own SQL under <c>EXPLAIN ANALYZE</c>, on fresh statistics: every row a node read from
    /// <c>messages</c> or one of its indexes, kept or filtered out, in every loop.
    /// </summary>
    private Task<long> PostgreSqlRowsReadAsync(long user, string q) => core.InScopeAsync<ChatbotDbContext, long>(async db =>
    {
        var command = PostgreSqlSearchSql.Command(SearchQuery.Parse(q), user, 21, 0);
        await db.Database.OpenConnectionAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // The tables are tiny, so left alone the planner would read messages whole (and the test would measure nothing);
        // with 100,000 messages (bench/search.sh) it goes through the indexes, as it must here.
        await using (var setup = new NpgsqlCommand("ANALYZE; SET enable_seqscan = off", connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        // EF's {0} placeholders, as PostgreSQL's positional parameters.
        await using var explain = new NpgsqlCommand(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + Placeholder().Replace(command.Sql, match => $"${int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}"),
            connection);
        foreach (var value in command.Parameters)
        {
            explain.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
        await using (var reset = new NpgsqlCommand("RESET enable_seqscan", connection))
        {
            await reset.ExecuteNonQueryAsync();
        }

        return RowsRead(plan.RootElement[0].GetProperty("Plan"));
    });

    private static long RowsRead(JsonElement node)
    {
        var onSearchedTables = (node.TryGetProperty("Relation Name", out var relation) && relation.GetString() is "messages" or "attachments" or "message_attachments")
            || (node.TryGetProperty("Index Name", out var index) && index.GetString()!.Contains("messages", StringComparison.Ordinal))
            || (node.TryGetProperty("Index Name", out index) && index.GetString()!.Contains("attachments", StringComparison.Ordinal));
        var read = onSearchedTables
            ? (Number(node, "Actual Rows") + Number(node, "Rows Removed by Filter") + Number(node, "Rows Removed by Index Recheck")) * Number(node, "Actual Loops")
            : 0;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                read += RowsRead(child);
            }
        }

        return read;
    }

    private static long Number(JsonElement node, string name) => node.TryGetProperty(name, out var value) ? (long)value.GetDouble() : 0;

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    private Task StoreAsync(long user, long session, int count, string prompt) => core.InScopeAsync<ChatbotDbContext>(async db =>
    {
        for (var i = 0; i < count; i++)
        {
            db.Messages.Add(StoredMessages.Answered(user, session, null, prompt, $"answer {i}"));
        }

        await db.SaveChangesAsync();
    });

    /// <summary>Gives each of <paramref name="user"/>'s messages a file named <paramref name="name"/> (rows only: no search reads the bytes).</summary>
    private Task AttachAsync(long user, string name) => core.InScopeAsync<ChatbotDbContext>(async db =>
    {
        var messages = await db.Messages.Where(message => message.UserId == user).Select(message => message.Id).ToListAsync();
        foreach (var message in messages)
        {
            var attachment = Attachment.Stored(user, name, "image/png", 1, new string('0', 64), $"{Guid.NewGuid():N}", new DateTime(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc));
            db.MessageAttachments.Add(new MessageAttachment { MessageId = message, Attachment = attachment });
        }

        await db.SaveChangesAsync();
    });

    private async Task<IReadOnlyList<SearchHit>> SearchAsync(long user, string q)
        => (await core.InScopeAsync<MessageSearch, Page<SearchHit>>(search => search.SearchAsync(user, SearchRequest.Parse(q, null, null), default))).Items;
}
