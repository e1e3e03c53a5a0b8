using Chatbot.Core.Auth;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Search;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chatbot.Tests.Search;

/// <summary>Search on each database, through its real index as the migrations create it.</summary>
public sealed class MessageSearchTests : IAsyncLifetime
{
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
    public async Task Every_word_must_match_in_the_prompt_or_the_answer(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (user, session) = await core.UserWithSessionAsync("alice");
        var both = await StoreAsync(session, "How do graphs work?", "A graph has nodes and edges.");
        await StoreAsync(session, "Tell me about nodes", "Nodes are points.");

        Assert.Equal([both], await IdsAsync(user, "graphs edges"));
        Assert.Equal([both], await IdsAsync(user, "GRAPHS Edges"));
        Assert.Empty(await IdsAsync(user, "graphs bananas"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_prefix_finds_every_word_that_starts_with_it(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (user, session) = await core.UserWithSessionAsync("alice");
        var graph = await StoreAsync(session, "graph theory", "ok");
        var graphics = await StoreAsync(session, "computer graphics", "ok");
        await StoreAsync(session, "a paragraph", "ok");

        Assert.Equal([graph, graphics], (await IdsAsync(user, "grap*")).Order());
        Assert.Empty(await IdsAsync(user, "grap"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_phrase_needs_its_words_side_by_side_and_in_order(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (user, session) = await core.UserWithSessionAsync("alice");
        var together = await StoreAsync(session, "the quick brown fox", "ok");
        var apart = await StoreAsync(session, "brown and quick", "ok");

        Assert.Equal([together], await IdsAsync(user, "\"quick brown\""));
        Assert.Equal(new[] { together, apart }.Order(), (await IdsAsync(user, "quick brown")).Order());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Accents_count_and_words_are_not_stemmed_alike_on_both_databases(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (user, session) = await core.UserWithSessionAsync("alice");
        var cafe = await StoreAsync(session, "a café with graphs", "ok");

        Assert.Equal([cafe], await IdsAsync(user, "CAFÉ"));
        Assert.Empty(await IdsAsync(user, "cafe"));
        Assert.Empty(await IdsAsync(user, "graph"));
        Assert.Equal([cafe], await IdsAsync(user, "graph*"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_message_most_about_the_word_comes_first(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (user, session) = await core.UserWithSessionAsync("alice");
        var inPassing = await StoreAsync(session, "a long question about cooking pasta, sauces, cheese and also rust once", "many words about food and kitchens and nothing else");
        var allAbout = await StoreAsync(session, "rust rust rust", "Rust is about rust.");

        Assert.Equal([allAbout, inPassing], await IdsAsync(user, "rust"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Another_users_messages_are_never_found(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (alice, aliceSession) = await core.UserWithSessionAsync("alice");
        var (bob, bobSession) = await core.UserWithSessionAsync("bob");
        var alices = await StoreAsync(aliceSession, "secret plans", "ok");
        var bobs = await StoreAsync(bobSession, "secret recipes", "ok");
        var alicesOther = await StoreAsync(await core.NewSessionAsync(alice), "more secret plans", "ok");

        Assert.Equal([alices, alicesOther], (await IdsAsync(alice, "secret")).Order());
        Assert.Equal([bobs], await IdsAsync(bob, "secret"));
        Assert.Empty(await IdsAsync(bob, "plans"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_message_that_spells_another_users_owner_token_is_not_indexed_under_them(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (alice, aliceSession) = await core.UserWithSessionAsync("alice");
        var (bob, bobSession) = await core.UserWithSessionAsync("bob");
        var alices = await StoreAsync(aliceSession, "apple", "ok");
        // Both databases' spellings of Alice's token, as Bob could write them.
        var bobs = await StoreAsync(bobSession, $"\u0001{alice} owner {alice} 'owner {alice}' apple", $"x\u0001{alice}");

        // What each index holds under Alice's token.
        var (sql, token) = provider == DatabaseProvider.Sqlite
            ? ("SELECT rowid AS \"Value\" FROM messages_search WHERE messages_search MATCH {0}", (object)MessageSearchIndex.SqliteOwnerMatch(alice))
            : ("SELECT \"Id\" AS \"Value\" FROM messages WHERE \"SearchVector\" @@ " + MessageSearchIndex.PostgreSqlOwnerQuery("{0}"), alice);
        var underAlice = await core.InScopeAsync<ChatbotDbContext, List<long>>(db => db.Database.SqlQueryRaw<long>(sql, token).ToListAsync());

        Assert.Equal([alices], underAlice);
        Assert.Equal([alices], await IdsAsync(alice, "apple"));
        Assert.Equal([bobs], await IdsAsync(bob, "apple"));
        Assert.Equal([bobs], await IdsAsync(bob, "owner"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_message_is_found_as_soon_as_it_is_stored_and_its_answer_as_it_grows(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (user, session) = await core.UserWithSessionAsync("alice");
        var asked = await core.InScopeAsync<ChatbotDbContext, long>(async db =>
        {
            var message = Message.Ask(user, session, null, "what about zebras", "gemini-2.5-flash", streamed: true, DateTime.UnixEpoch);
            db.Messages.Add(message);
            await db.SaveChangesAsync();
            return message.Id;
        });
        Assert.Equal([asked], await IdsAsync(user, "zebras"));

        // The answer's heartbeat writes the text so far; the index follows it.
        await HeartbeatAsync(asked, "Zebras have stripes");
        Assert.Equal([asked], await IdsAsync(user, "stripes"));
        await HeartbeatAsync(asked, "Zebras have manes");
        Assert.Empty(await IdsAsync(user, "stripes"));
        Assert.Equal([asked], await IdsAsync(user, "manes zebras"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_deleted_session_takes_its_messages_out_of_the_index(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (user, session) = await core.UserWithSessionAsync("alice");
        var kept = await StoreAsync(await core.NewSessionAsync(user), "keep this walrus", "ok");
        await StoreAsync(session, "forget this walrus", "ok");

        await core.InScopeAsync<ChatSessionService>(service => service.DeleteAsync(user, session, default));

        Assert.Equal([kept], await IdsAsync(user, "walrus"));
        Assert.Empty(await IdsAsync(user, "forget"));
        if (provider == DatabaseProvider.Sqlite)
        {
            // The index's own rows went, not only the messages the search joins to.
            Assert.Equal([kept], await IndexedIdsAsync("\"walrus\""));
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_erased_account_takes_its_messages_out_of_the_index(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (alice, aliceSession) = await core.UserWithSessionAsync("alice");
        var (bob, bobSession) = await core.UserWithSessionAsync("bob");
        await StoreAsync(aliceSession, "alice's narwhal", "ok");
        var bobs = await StoreAsync(bobSession, "bob's narwhal", "ok");

        await core.InScopeAsync<AccountLifecycle>(accounts => accounts.DeleteAsync(alice, "alice-password", CoreServices.ClientAddress, default));

        Assert.Equal([bobs], await IdsAsync(bob, "narwhal"));
        if (provider == DatabaseProvider.Sqlite)
        {
            Assert.Equal([bobs], await IndexedIdsAsync("\"narwhal\""));
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_snippet_marks_the_match_in_whichever_of_prompt_and_answer_matched(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (user, session) = await core.UserWithSessionAsync("alice");
        await StoreAsync(session, "Tell me about octopuses", "They have three hearts and blue blood.");

        var inPrompt = Assert.Single(await SearchAsync(user, "octopuses")).Snippet;
        var inAnswer = Assert.Single(await SearchAsync(user, "hearts")).Snippet;

        Assert.Equal("Tell me about [octopuses]", inPrompt);
        // PostgreSQL's fragments leave out the punctuation at their ends.
        Assert.StartsWith("They have three [hearts] and blue blood", inAnswer, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_hit_says_where_the_message_is_and_when_it_was_written(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (user, session) = await core.UserWithSessionAsync("alice");
        await core.InScopeAsync<ChatSessionService>(service => service.PatchAsync(user, session, new SessionPatch(new("Sea life"), null, null), default));
        var at = new DateTime(2026, 11, 25, 9, 30, 0, DateTimeKind.Utc);
        var id = await StoreAsync(session, "squid", "ok", at);

        var hit = Assert.Single(await SearchAsync(user, "squid"));

        Assert.Equal(new SearchHit(id, session, "Sea life", "[squid]", at), hit);
        Assert.Equal(DateTimeKind.Utc, hit.CreatedAt.Kind);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Pages_of_hits_follow_the_ranking_by_offset(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (user, session) = await core.UserWithSessionAsync("alice");
        for (var i = 0; i < 25; i++)
        {
            await StoreAsync(session, $"penguin number {i}", "ok");
        }

        var all = await SearchAsync(user, "penguin");
        var first = await PageAsync(user, "penguin", 10, 0);
        var second = await PageAsync(user, "penguin", 10, 10);
        var last = await PageAsync(user, "penguin", 10, 20);
        var beyond = await PageAsync(user, "penguin", 10, 30);

        Assert.Equal(25, all.Count);
        Assert.Equal(all.Select(hit => hit.MessageId), first.Items.Concat(second.Items).Concat(last.Items).Select(hit => hit.MessageId));
        Assert.Equal((false, true), (first.HasPrevious, first.HasNext));
        Assert.Equal((true, true), (second.HasPrevious, second.HasNext));
        Assert.Equal((true, false, 5), (last.HasPrevious, last.HasNext, last.Items.Count));
        Assert.Empty(beyond.Items);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Hostile_queries_find_their_words_or_are_refused_never_fail(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (user, session) = await core.UserWithSessionAsync("alice");
        var id = await StoreAsync(session, "a AND b NEAR c: it's \\ ok", "title:x ^y -z +w 'quoted' & | ! ( )");
        string[] hostile =
        [
            "\"", "*", "**", "NEAR(", "NEAR(a b, 2)", "a AND", "AND", "OR b", "NOT", ":", "title:x", "^y", "-z", "+w", "&|!()",
            "'", "''", "'quoted'", "\\", "\\'", "a:*", "a & b", "!a", "a <-> b", "(a", "a)", "\"a", "a\"", "\"\"", "\"*\"",
            "%", "_", ";", "--", "'; DROP TABLE messages; --", "\0", "a\0b", "{0}", "{1} {2}", "$1", "@p0", "?",
            new string('a', 500), string.Join(' ', Enumerable.Repeat("a*", 20)), string.Join(' ', Enumerable.Repeat("\"a b\"", 20)),
        ];

        foreach (var q in hostile)
        {
            try
            {
                await SearchAsync(user, q);
            }
            catch (ProblemException problem) when (problem.Kind == ProblemKind.Validation && problem.Errors!.ContainsKey("q"))
            {
                // A refusal that names q is an answer; anything else escaping would be a 500.
            }
        }

        Assert.Equal([id], await IdsAsync(user, "a AND"));
        Assert.Equal([id], await IdsAsync(user, "NEAR("));
        Assert.Equal([id], await IdsAsync(user, "it's"));
        Assert.Equal([id], await IdsAsync(user, "'quoted'"));
        Assert.Equal([id], await IdsAsync(user, "title:x"));
        Assert.Single(await core.InScopeAsync<ChatbotDbContext, List<Message>>(db => db.Messages.ToListAsync()));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Messages_stored_before_the_index_existed_are_indexed_by_its_migration(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (user, session) = await core.UserWithSessionAsync("alice");
        await MigrateBackBeforeAsync("_Search");
        var old = await StoreAsAnOldVersionDidAsync(session, "an old armadillo");

        await core.InScopeAsync<ChatbotDbContext>(db => db.Database.MigrateAsync());

        Assert.Equal([old], await IdsAsync(user, "armadillo"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Messages_stored_under_the_shared_index_are_indexed_under_their_owner_by_its_migration(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (alice, aliceSession) = await core.UserWithSessionAsync("alice");
        var (bob, bobSession) = await core.UserWithSessionAsync("bob");
        await MigrateBackBeforeAsync("_SearchByOwner");
        var alices = await StoreAsAnOldVersionDidAsync(aliceSession, "alice's old aardvark");
        var bobs = await StoreAsAnOldVersionDidAsync(bobSession, "bob's old aardvark");

        await core.InScopeAsync<ChatbotDbContext>(db => db.Database.MigrateAsync());

        Assert.Equal([alices], await IdsAsync(alice, "aardvark"));
        Assert.Equal([bobs], await IdsAsync(bob, "aardvark"));
        Assert.Equal([(alices, alice), (bobs, bob)], await core.InScopeAsync<ChatbotDbContext, List<(long, long)>>(async db =>
            (await db.Messages.OrderBy(message => message.Id).Select(message => new { message.Id, message.UserId }).ToListAsync())
                .ConvertAll(message => (message.Id, message.UserId))));
    }

    /// <summary>Takes the database back to the migration before the one named <paramref name="suffix"/>.</summary>
    private Task MigrateBackBeforeAsync(string suffix) => core.InScopeAsync<ChatbotDbContext>(async db =>
    {
        var migrations = db.Database.GetMigrations().ToList();
        await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.FindIndex(name => name.EndsWith(suffix, StringComparison.Ordinal)) - 1]);
    });

    /// <summary>A message stored in SQL with only the columns every older schema has (the model may have more).</summary>
    private Task<long> StoreAsAnOldVersionDidAsync(long session, string prompt) => core.InScopeAsync<ChatbotDbContext, long>(async db =>
    {
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO messages ("SessionId", "Prompt", "Response", "Status", "CreatedAt", "OnCurrentBranch")
            VALUES ({session}, {prompt}, 'ok', 'Complete', {DateTime.UnixEpoch}, TRUE)
            """);
        return await db.Database.SqlQuery<long>($"""SELECT MAX("Id") AS "Value" FROM messages""").SingleAsync();
    });

    private Task<long> StoreAsync(long session, string prompt, string response, DateTime? at = null)
        => core.InScopeAsync<ChatbotDbContext, long>(async db =>
        {
            var parent = await db.Messages.Where(row => row.SessionId == session).MaxAsync(row => (long?)row.Id);
            var message = StoredMessages.Answered(await db.OwnerOfAsync(session), session, parent, prompt, response, at);
            db.Messages.Add(message);
            await db.SaveChangesAsync();
            return message.Id;
        });

    private Task HeartbeatAsync(long message, string text) => core.InScopeAsync<ChatbotDbContext>(db =>
        db.Messages.Where(stored => stored.Id == message).ExecuteUpdateAsync(Message.Heartbeat(text, DateTime.UnixEpoch)));

    private async Task<List<long>> IdsAsync(long user, string q) => (await SearchAsync(user, q)).Select(hit => hit.MessageId).ToList();

    private async Task<IReadOnlyList<SearchHit>> SearchAsync(long user, string q) => (await PageAsync(user, q, null, null)).Items;

    private Task<Page<SearchHit>> PageAsync(long user, string q, int? limit, int? offset)
        => core.InScopeAsync<MessageSearch, Page<SearchHit>>(search => search.SearchAsync(
            user, SearchRequest.Parse(q, limit?.ToString(System.Globalization.CultureInfo.InvariantCulture), offset?.ToString(System.Globalization.CultureInfo.InvariantCulture)), default));

    private Task<List<long>> IndexedIdsAsync(string match) => core.InScopeAsync<ChatbotDbContext, List<long>>(db =>
        db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM messages_search WHERE messages_search MATCH {match}").ToListAsync());
}
