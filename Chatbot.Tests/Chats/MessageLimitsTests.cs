using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Usage;
using Chatbot.Tests.Fakes;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Chats;

/// <summary>Limits__MessagesPerMinute and Limits__AnswersInProgress, counted from the database.</summary>
public sealed class MessageLimitsTests : IAsyncLifetime
{
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
    public async Task The_prompt_over_the_per_minute_limit_is_refused_unstored_until_the_oldest_leaves_the_window(DatabaseProvider provider)
    {
        await StartAsync(provider, perMinute: 3, inProgress: 3);
        var (user, session) = await core.UserWithSessionAsync("ivan");
        var first = await core.SendAsync(user, session, "one");
        core.Time.Advance(TimeSpan.FromSeconds(10));
        await core.RegenerateAsync(user, session, first.Id);
        core.Time.Advance(TimeSpan.FromSeconds(10));
        await core.SendAsync(user, session, "three");
        var calls = gemini.Requests.Count;

        var refused = await Assert.ThrowsAsync<ProblemException>(() => core.SendAsync(user, session, "four"));

        Assert.Equal((ProblemKind.TooManyRequests, "rate_limited", TimeSpan.FromSeconds(40)), (refused.Kind, refused.Code, refused.RetryAfter));
        Assert.Equal(calls, gemini.Requests.Count);
        Assert.Equal(3, await MessageCountAsync()); // "one", its regeneration beside it, "three"
        core.Time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal("complete", (await core.SendAsync(user, session, "four, a minute on")).Status);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Answers_beyond_the_limit_in_progress_are_refused_until_one_ends(DatabaseProvider provider)
    {
        await StartAsync(provider, perMinute: 20, inProgress: 2);
        var (user, session) = await core.UserWithSessionAsync("judy");
        var other = await core.NewSessionAsync(user);
        var release = new TaskCompletionSource();
        gemini.Enqueue(
            GeminiReply.StreamHoldingLast(["held ", "one"], release.Task),
            GeminiReply.StreamHoldingLast(["held ", "two"], release.Task));
        var held = new[] { await core.StreamAsync(user, session, "first"), await core.StreamAsync(user, other, "second") };

        var refused = await Assert.ThrowsAsync<ProblemException>(() => core.SendAsync(user, other, "third"));
        release.SetResult();
        foreach (var stream in held)
        {
            await foreach (var _ in stream)
            {
            }
        }

        Assert.Equal((ProblemKind.TooManyRequests, "answers_in_progress", TimeSpan.FromSeconds(5)), (refused.Kind, refused.Code, refused.RetryAfter));
        Assert.Equal(2, await MessageCountAsync());
        Assert.Equal("complete", (await core.SendAsync(user, other, "third, once they ended")).Status);
        // Streamed answers settle their reservations too: nothing is left holding the quota.
        var ledger = await core.InScopeAsync<ChatbotDbContext, List<(UsageStatus, int)>>(async db =>
            (await db.UsageLedger.Select(entry => new { entry.Status, Tokens = entry.PromptTokens + entry.ResponseTokens }).ToListAsync())
                .ConvertAll(entry => (entry.Status, entry.Tokens)));
        Assert.Equal([(UsageStatus.Settled, 18), (UsageStatus.Settled, 18), (UsageStatus.Settled, 18)], ledger);
    }

    [Fact]
    public async Task Limits_off_let_every_prompt_through()
    {
        await StartAsync(DatabaseProvider.Sqlite, perMinute: 1, inProgress: 1, enabled: false);
        var (user, session) = await core.UserWithSessionAsync("kim");

        for (var sent = 0; sent < 3; sent++)
        {
            await core.SendAsync(user, session, $"prompt {sent}");
        }

        Assert.Equal(3, await MessageCountAsync());
    }

    private Task<int> MessageCountAsync() => core.InScopeAsync<ChatbotDbContext, int>(db => db.Messages.CountAsync());

    private async Task StartAsync(DatabaseProvider provider, int perMinute, int inProgress, bool enabled = true)
        => core = await CoreServices.StartAsync(provider, new Dictionary<string, string?>
        {
            ["Gemini:BaseUrl"] = gemini.BaseUrl.ToString(),
            ["Limits:Enabled"] = enabled ? "true" : "false",
            ["Limits:MessagesPerMinute"] = perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Limits:AnswersInProgress"] = inProgress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
}
