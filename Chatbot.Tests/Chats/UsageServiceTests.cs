using Chatbot.Core.Auth;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Usage;
using Chatbot.Tests.Fakes;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.Chats;

public sealed class UsageServiceTests : IAsyncLifetime
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
    public async Task Usage_counts_the_callers_tokens_today_and_this_month(DatabaseProvider provider)
    {
        await StartAsync(provider, quota: 0);
        var (alice, aliceSession) = await UserWithSessionAsync("alice");
        var (bob, bobSession) = await UserWithSessionAsync("bob");
        await SendAsync(alice, aliceSession, "yesterday's question");
        core.Time.Advance(TimeSpan.FromDays(1));
        await SendAsync(alice, aliceSession, "today's question");
        await SendAsync(bob, bobSession, "bob's question");

        var usage = await core.InScopeAsync<UsageService, UsageDto>(service => service.GetAsync(alice, default));

        Assert.Equal((11, 7, 18, 1), (usage.Today.PromptTokens, usage.Today.ResponseTokens, usage.Today.TotalTokens, usage.Today.Messages));
        Assert.Equal((36, 2), (usage.ThisMonth.TotalTokens, usage.ThisMonth.Messages));
        Assert.Null(usage.DailyTokenQuota);
    }

    [Fact]
    public async Task A_spent_daily_quota_answers_429_until_midnight_before_gemini_is_called()
    {
        await StartAsync(DatabaseProvider.Sqlite, quota: 18);
        var (user, session) = await UserWithSessionAsync("carol");
        await SendAsync(user, session, "uses the whole quota");
        var callsBefore = gemini.Requests.Count;

        var problem = await Assert.ThrowsAsync<ProblemException>(() => SendAsync(user, session, "one more"));

        Assert.Equal((ProblemKind.TooManyRequests, "quota_exceeded"), (problem.Kind, problem.Code));
        Assert.Equal(TimeSpan.FromHours(15), problem.RetryAfter);
        Assert.Equal(callsBefore, gemini.Requests.Count);
    }

    private async Task StartAsync(DatabaseProvider provider, long quota)
        => core = await CoreServices.StartAsync(provider, new Dictionary<string, string?>
        {
            ["Gemini:BaseUrl"] = gemini.BaseUrl.ToString(),
            ["Quota:DailyTokens"] = quota.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private async Task<(long User, long Session)> UserWithSessionAsync(string name)
    {
        var user = (await core.InScopeAsync<AccountService, UserDto>(accounts => accounts.RegisterAsync(name, $"{name}@example.com", $"{name}-password", CoreServices.ClientAddress, default))).Id;
        var session = (await core.InScopeAsync<ChatSessionService, ChatSessionDto>(service => service.CreateAsync(user, new SessionSettings(null, null, null), default))).Id;
        return (user, session);
    }

    private Task<MessageDto> SendAsync(long user, long session, string prompt)
        => core.InScopeAsync<MessageCommands, MessageDto>(service => service.SendAsync(user, session, prompt, default));
}
