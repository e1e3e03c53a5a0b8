using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Usage;
using Chatbot.Tests.Fakes;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Chats;

public sealed class UsageServiceTests : IAsyncLifetime
{
    // The fake Gemini reports 11 prompt and 7 answer tokens for every call.
    private const int TokensPerCall = 18;

    private FakeGeminiServer gemini = null!;
    private CoreServices core = null!;

    public async Task InitializeAsync() => gemini = await FakeGeminiServer.StartAsync();

    public async Task DisposeAsync()
    {
        await core.DisposeAsync();
        await gemini.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Usage_counts_the_callers_tokens_today_and_this_month(DatabaseProvider provider)
    {
        await StartAsync(provider, quota: 0);
        var (alice, aliceSession) = await core.UserWithSessionAsync("alice");
        var (bob, bobSession) = await core.UserWithSessionAsync("bob");
        await core.SendAsync(alice, aliceSession, "yesterday's question");
        core.Time.Advance(TimeSpan.FromDays(1));
        await core.SendAsync(alice, aliceSession, "today's question");
        await core.SendAsync(bob, bobSession, "bob's question");

        var usage = await core.UsageAsync(alice);

        Assert.Equal((11, 7, 18, 1), (usage.Today.PromptTokens, usage.Today.ResponseTokens, usage.Today.TotalTokens, usage.Today.Messages));
        Assert.Equal((36, 2), (usage.ThisMonth.TotalTokens, usage.ThisMonth.Messages));
        Assert.Null(usage.DailyTokenQuota);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Deleting_a_session_refunds_nothing(DatabaseProvider provider)
    {
        await StartAsync(provider, quota: 0);
        var (user, session) = await core.UserWithSessionAsync("dave");
        await core.SendAsync(user, session, "spend some tokens");

        await core.InScopeAsync<ChatSessionService>(service => service.DeleteAsync(user, session, default));

        var usage = await core.UsageAsync(user);
        Assert.Equal((TokensPerCall, 1), (usage.Today.TotalTokens, usage.Today.Messages));
        var entry = await core.InScopeAsync<ChatbotDbContext, UsageEntry>(db => db.UsageLedger.SingleAsync());
        Assert.Equal((session, UsageKind.Answer, UsageStatus.Settled), (entry.SessionId, entry.Kind, entry.Status));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_regeneration_is_spent_on_top_of_the_answer_it_replaces(DatabaseProvider provider)
    {
        await StartAsync(provider, quota: 0);
        var (user, session) = await core.UserWithSessionAsync("erin");
        var message = await core.SendAsync(user, session, "ask twice");

        await core.RegenerateAsync(user, session, message.Id);

        var usage = await core.UsageAsync(user);
        Assert.Equal((2 * TokensPerCall, 2), (usage.Today.TotalTokens, usage.Today.Messages));
        var kinds = await core.InScopeAsync<ChatbotDbContext, List<UsageKind>>(db => db.UsageLedger.OrderBy(entry => entry.Id).Select(entry => entry.Kind).ToListAsync());
        Assert.Equal([UsageKind.Answer, UsageKind.Regeneration], kinds);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_call_that_names_a_session_is_counted(DatabaseProvider provider)
    {
        await StartAsync(provider, quota: 0, new() { ["Titles:Enabled"] = "true" });
        var (user, session) = await core.UserWithSessionAsync("frank");

        await core.SendAsync(user, session, "a first question");

        var title = await WaitForAsync(() => core.InScopeAsync<ChatbotDbContext, UsageEntry?>(
            db => db.UsageLedger.SingleOrDefaultAsync(entry => entry.Kind == UsageKind.Title)));
        Assert.Equal((user, session, 11, 7), (title.UserId, title.SessionId, title.PromptTokens, title.ResponseTokens));
        var usage = await core.UsageAsync(user);
        Assert.Equal((2 * TokensPerCall, 1), (usage.Today.TotalTokens, usage.Today.Messages));
    }

    [Fact]
    public async Task A_spent_daily_quota_answers_429_until_midnight_before_gemini_is_called()
    {
        await StartAsync(DatabaseProvider.Sqlite, quota: 18);
        var (user, session) = await core.UserWithSessionAsync("carol");
        await core.SendAsync(user, session, "uses the whole quota");
        var callsBefore = gemini.Requests.Count;

        var problem = await Assert.ThrowsAsync<ProblemException>(() => core.SendAsync(user, session, "one more"));

        Assert.Equal((ProblemKind.TooManyRequests, "quota_exceeded"), (problem.Kind, problem.Code));
        Assert.Equal(TimeSpan.FromHours(15), problem.RetryAfter);
        Assert.Equal(callsBefore, gemini.Requests.Count);
    }

    [Fact]
    public async Task A_request_larger_than_what_is_left_of_the_quota_is_refused_before_gemini_is_called()
    {
        await StartAsync(DatabaseProvider.Sqlite, quota: 2_000);
        var (user, session) = await core.UserWithSessionAsync("ivan");

        // 30,000 characters is about 10,000 tokens: five times the whole quota, with nothing spent yet.
        var problem = await Assert.ThrowsAsync<ProblemException>(() => core.SendAsync(user, session, new string('q', 30_000)));
        var answered = await core.SendAsync(user, session, "a short one fits");

        Assert.Equal((ProblemKind.TooManyRequests, "quota_exceeded"), (problem.Kind, problem.Code));
        Assert.Contains("2000 of today's quota of 2000 tokens are left", problem.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(15), problem.RetryAfter);
        Assert.Equal("complete", answered.Status);
        Assert.Equal(["a short one fits"], gemini.Requests.Select(request => request.LastUserText));
    }

    [Fact]
    public async Task Regenerating_an_imported_long_exchange_counts_its_whole_input_against_the_quota()
    {
        await StartAsync(DatabaseProvider.Sqlite, quota: 2_000);
        var (user, _) = await core.UserWithSessionAsync("judy");
        // Imported text obeys the prompt limit, but a few long turns still add up to far more than the quota.
        var conversation = Import.MalformedImportTests.Conversation("Long");
        var mapping = conversation["mapping"]!.AsObject();
        mapping["u2"] = Import.MalformedImportTests.Node("a1", Import.MalformedImportTests.Turn("user", new string('p', 9_000)));
        mapping["a2"] = Import.MalformedImportTests.Node("u2", Import.MalformedImportTests.Turn("assistant", new string('r', 9_000)));
        conversation["current_node"] = "a2";
        var imported = Assert.Single(await core.ImportAsync(user, $"[{conversation.ToJsonString()}]"));
        var last = (await core.MessagesAsync(user, imported.Id))[^1];

        var problem = await Assert.ThrowsAsync<ProblemException>(() => core.RegenerateAsync(user, imported.Id, last.Id));

        Assert.Equal("quota_exceeded", problem.Code);
        Assert.Contains("with its history", problem.Message, StringComparison.Ordinal);
        Assert.Empty(gemini.Requests);
        Assert.Equal(0, (await core.UsageAsync(user)).Today.TotalTokens);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Parallel_sends_overshoot_the_quota_by_at_most_the_answers_in_progress(DatabaseProvider provider)
    {
        const int Quota = 40;
        // A small answer cap makes reservations small, so several answers are let through at once.
        await StartAsync(provider, quota: Quota, new() { ["Gemini:MaxOutputTokens"] = "5" });
        var (user, _) = await core.UserWithSessionAsync("grace");
        var sessions = new List<long>();
        for (var index = 0; index < 10; index++)
        {
            sessions.Add(await core.NewSessionAsync(user));
        }

        gemini.Default = request => GeminiReply.Delayed(TimeSpan.FromMilliseconds(100), GeminiReply.Text("slow enough to overlap"));
        var outcomes = await Task.WhenAll(sessions.Select(async session =>
        {
            try
            {
                await core.SendAsync(user, session, "in parallel");
                return "answered";
            }
            catch (ProblemException problem)
            {
                return problem.Code;
            }
        }));

        // Unguarded, all ten would pass a check of the spent total (0 < 40) and spend 180 tokens. Guarded, the
        // overshoot is at most the answers let through while the total was still under the quota.
        var spent = (await core.UsageAsync(user)).Today.TotalTokens;
        var answered = outcomes.Count(outcome => outcome == "answered");
        Assert.InRange(spent, 0, Quota + (3 * TokensPerCall));
        Assert.Equal(answered * TokensPerCall, spent);
        Assert.Equal(10 - answered, outcomes.Count(outcome => outcome == "quota_exceeded"));
        Assert.InRange(answered, 1, 9);
    }

    [Fact]
    public async Task A_reservation_left_by_a_vanished_instance_stops_counting_once_no_answer_can_be_that_old()
    {
        await StartAsync(DatabaseProvider.Sqlite, quota: 100);
        var (user, session) = await core.UserWithSessionAsync("heidi");
        await core.InScopeAsync<ChatbotDbContext>(async db =>
        {
            db.UsageLedger.Add(UsageEntry.Reserve(user, session, messageId: 1, UsageKind.Answer, estimate: 5_000, core.Time.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        });

        var held = await Assert.ThrowsAsync<ProblemException>(() => core.SendAsync(user, session, "blocked by the reservation"));
        var longest = core.GetRequiredService<Microsoft.Extensions.Options.IOptions<Chatbot.Core.Gemini.GeminiOptions>>().Value.LongestAnswer;
        core.Time.Advance(longest + TimeSpan.FromSeconds(1));
        var answered = await core.SendAsync(user, session, "let through");

        Assert.Equal(("quota_exceeded", TimeSpan.FromSeconds(5)), (held.Code, held.RetryAfter));
        Assert.Equal("complete", answered.Status);
    }

    [Fact]
    public async Task A_stopped_answer_is_settled_at_an_estimate_of_what_was_read_and_produced()
    {
        await StartAsync(DatabaseProvider.Sqlite, quota: 0);
        var (user, session) = await core.UserWithSessionAsync("judy");
        // Gemini reports usage with its last piece only: a stop before it leaves no report.
        gemini.Default = _ => GeminiReply.Stream(["first piece of a long answer ", "second ", "third"], TimeSpan.FromSeconds(2));

        var produced = "";
        await foreach (var item in await core.StreamAsync(user, session, "tell me a long story"))
        {
            if (item is MessageEvent.Delta delta)
            {
                produced += delta.Text;
                var messageId = (await core.MessagesAsync(user, session)).Single().Id;
                await core.InScopeAsync<MessageCommands, MessageDto>(commands => commands.StopAsync(user, session, messageId, default));
                // The next heartbeat notices the stop; this clock is the test's.
                core.Time.Advance(AnswerHeartbeat.Interval);
            }
        }

        var entry = await core.InScopeAsync<ChatbotDbContext, UsageEntry>(db => db.UsageLedger.AsNoTracking().SingleAsync());
        Assert.Equal("first piece of a long answer ", produced);
        Assert.Equal(UsageStatus.Settled, entry.Status);
        Assert.Equal(10, entry.ResponseTokens);
        Assert.InRange(entry.PromptTokens, 10, 30);
        Assert.Equal(entry.PromptTokens + 10, (await core.UsageAsync(user)).Today.TotalTokens);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var waited = 0; waited < 10_000; waited += 50)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Nothing turned up within 10 seconds.");
    }

    private async Task StartAsync(DatabaseProvider provider, long quota, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Gemini:BaseUrl"] = gemini.BaseUrl.ToString();
        settings["Quota:DailyTokens"] = quota.ToString(System.Globalization.CultureInfo.InvariantCulture);
        core = await CoreServices.StartAsync(provider, settings);
    }
}
