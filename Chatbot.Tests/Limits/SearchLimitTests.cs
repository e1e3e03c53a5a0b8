using System.Globalization;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Search;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Limits;

/// <summary><c>Limits__SearchesPerUserPerMinute</c>, counted in the database.</summary>
public sealed class SearchLimitTests : IAsyncLifetime
{
    private CoreServices core = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await core.DisposeAsync();

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_user_may_search_three_times_a_minute_then_waits_until_the_oldest_search_is_a_minute_old(DatabaseProvider provider)
    {
        await StartAsync(provider, enabled: true, perMinute: 3);
        var (alice, session) = await core.UserWithSessionAsync("alice");
        var (bob, _) = await core.UserWithSessionAsync("bob");
        await core.InScopeAsync<ChatbotDbContext>(db =>
        {
            db.Messages.Add(StoredMessages.Answered(alice, session, null, "otters", "ok"));
            return db.SaveChangesAsync();
        });
        for (var search = 0; search < 3; search++)
        {
            Assert.Single(await SearchAsync(alice, "otters"));
            core.Time.Advance(TimeSpan.FromSeconds(10));
        }

        var refused = await Assert.ThrowsAsync<ProblemException>(() => SearchAsync(alice, "otters"));
        var refusedAgain = await Assert.ThrowsAsync<ProblemException>(() => SearchAsync(alice, "otters"));

        // The first search was 30 seconds ago; the refusals themselves do not count, so the wait does not grow.
        Assert.Equal((ProblemKind.TooManyRequests, "search_rate_limited", TimeSpan.FromSeconds(30)), (refused.Kind, refused.Code, refused.RetryAfter));
        Assert.Equal(TimeSpan.FromSeconds(30), refusedAgain.RetryAfter);
        Assert.Empty(await SearchAsync(bob, "otters"));
        core.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(await SearchAsync(alice, "otters"));
        await Assert.ThrowsAsync<ProblemException>(() => SearchAsync(alice, "otters"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Parallel_searches_never_get_past_the_limit_together(DatabaseProvider provider)
    {
        await StartAsync(provider, enabled: true, perMinute: 3);
        var (alice, _) = await core.UserWithSessionAsync("alice");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            try
            {
                await SearchAsync(alice, "otters");
                return true;
            }
            catch (ProblemException refused) when (refused.Kind == ProblemKind.TooManyRequests)
            {
                return false;
            }
        }));

        Assert.InRange(outcomes.Count(allowed => allowed), 0, 3);
        // Only what was let through is kept, and at most a minute of it.
        Assert.Equal(outcomes.Count(allowed => allowed), await core.InScopeAsync<ChatbotDbContext, int>(db => db.UserSearches.CountAsync()));
    }

    [Fact]
    public async Task Old_searches_are_pruned_as_new_ones_are_stored()
    {
        await StartAsync(DatabaseProvider.Sqlite, enabled: true, perMinute: 3);
        var (alice, _) = await core.UserWithSessionAsync("alice");
        var (bob, _) = await core.UserWithSessionAsync("bob");
        await SearchAsync(alice, "otters");
        await SearchAsync(alice, "otters");
        core.Time.Advance(TimeSpan.FromMinutes(1));

        await SearchAsync(bob, "otters");

        Assert.Equal([bob], await core.InScopeAsync<ChatbotDbContext, List<long>>(db => db.UserSearches.Select(search => search.UserId).ToListAsync()));
    }

    [Fact]
    public async Task Limits_disabled_never_refuse_a_search()
    {
        await StartAsync(DatabaseProvider.Sqlite, enabled: false, perMinute: 1);
        var (alice, _) = await core.UserWithSessionAsync("alice");

        await SearchAsync(alice, "otters");
        await SearchAsync(alice, "otters");

        Assert.Equal(0, await core.InScopeAsync<ChatbotDbContext, int>(db => db.UserSearches.CountAsync()));
    }

    private async Task StartAsync(DatabaseProvider provider, bool enabled, int perMinute)
        => core = await CoreServices.StartAsync(provider, new Dictionary<string, string?>
        {
            ["Limits:Enabled"] = enabled ? "true" : "false",
            ["Limits:SearchesPerUserPerMinute"] = perMinute.ToString(CultureInfo.InvariantCulture),
            // The other limits count registrations and prompts, not searches; enough of them for the tests.
            ["Limits:RegistrationsPerAddressPerHour"] = "100",
        });

    private async Task<IReadOnlyList<SearchHit>> SearchAsync(long user, string q)
        => (await core.InScopeAsync<MessageSearch, Page<SearchHit>>(search => search.SearchAsync(user, SearchRequest.Parse(q, null, null), default))).Items;
}
