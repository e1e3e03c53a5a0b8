using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Tests.Fakes;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.Operators;

/// <summary>A user's own <c>daily_token_quota</c>, set by an admin, in place of <c>Quota__DailyTokens</c>.</summary>
public sealed class AdminQuotaTests : IAsyncLifetime
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
    public async Task A_users_own_quota_replaces_the_deployments_and_usage_shows_it(DatabaseProvider provider)
    {
        // Room for one answer (and the next request's input) at the deployment's quota, not for two.
        const int DeploymentQuota = 30;
        await StartAsync(provider, DeploymentQuota);
        var admin = await core.AdminAsync("root");
        var (user, session) = await core.UserWithSessionAsync("mia");
        await core.SendAsync(user, session, "one");
        await Assert.ThrowsAsync<ProblemException>(() => core.SendAsync(user, session, "two"));

        await core.UpdateUserAsync(admin, user, quota: new(100));
        await core.SendAsync(user, session, "two");
        var raised = await core.UsageAsync(user);
        await core.UpdateUserAsync(admin, user, quota: new(null));
        var refused = await Assert.ThrowsAsync<ProblemException>(() => core.SendAsync(user, session, "three"));

        Assert.Equal((100L, 2L * TokensPerCall), (raised.DailyTokenQuota, raised.Today.TotalTokens));
        Assert.Equal("quota_exceeded", refused.Code);
        Assert.Equal(DeploymentQuota, (await core.UsageAsync(user)).DailyTokenQuota);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_quota_of_zero_allows_no_answers_even_where_the_deployment_has_no_quota(DatabaseProvider provider)
    {
        await StartAsync(provider, deploymentQuota: 0);
        var admin = await core.AdminAsync("root");
        var (user, session) = await core.UserWithSessionAsync("nils");
        Assert.Null((await core.UsageAsync(user)).DailyTokenQuota);

        await core.UpdateUserAsync(admin, user, quota: new(0));
        var problem = await Assert.ThrowsAsync<ProblemException>(() => core.SendAsync(user, session, "not today"));

        Assert.Equal((ProblemKind.TooManyRequests, "quota_exceeded"), (problem.Kind, problem.Code));
        Assert.Contains("quota is 0", problem.Message, StringComparison.Ordinal);
        Assert.Empty(gemini.Requests);
        Assert.Equal(0, (await core.UsageAsync(user)).DailyTokenQuota);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Ten_parallel_sends_overshoot_a_users_own_quota_by_at_most_the_answers_in_progress(DatabaseProvider provider)
    {
        const int Quota = 40;
        // No deployment quota at all: only the user's own holds them back. A small answer cap makes reservations small.
        await StartAsync(provider, deploymentQuota: 0, new() { ["Gemini:MaxOutputTokens"] = "5" });
        var admin = await core.AdminAsync("root");
        var (user, _) = await core.UserWithSessionAsync("olaf");
        await core.UpdateUserAsync(admin, user, quota: new(Quota));
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

        var spent = (await core.UsageAsync(user)).Today.TotalTokens;
        var answered = outcomes.Count(outcome => outcome == "answered");
        Assert.InRange(spent, 0, Quota + (3 * TokensPerCall));
        Assert.Equal(answered * TokensPerCall, spent);
        Assert.Equal(10 - answered, outcomes.Count(outcome => outcome == "quota_exceeded"));
        Assert.InRange(answered, 1, 9);
    }

    private async Task StartAsync(DatabaseProvider provider, long deploymentQuota, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Gemini:BaseUrl"] = gemini.BaseUrl.ToString();
        settings["Quota:DailyTokens"] = deploymentQuota.ToString(System.Globalization.CultureInfo.InvariantCulture);
        core = await CoreServices.StartAsync(provider, settings);
    }
}
