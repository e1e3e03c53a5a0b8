using System.Diagnostics;
using System.Net;
using Chatbot.Core.Data;
using Chatbot.Tests.Fakes;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// Two instances of the app on one database, as a scaled-out deployment runs: a key revoked, or its owner deactivated,
/// through one is refused by the other within 5 s, and a key's rate and budget hold across both.
/// </summary>
public sealed class ApiKeyTwoInstancesTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public Task Revocation_deactivation_and_a_keys_rate_and_budget_hold_across_two_instances(DatabaseProvider provider)
        => TwoInstances.RunAsync(provider, async (one, two) =>
        {
            await RevocationHoldsAsync(one, two);
            await RateHoldsAsync(one, two);
            await BudgetHoldsUnderParallelCallsAsync(one, two);
        });

    private static async Task RevocationHoldsAsync(ChatbotApp one, ChatbotApp two)
    {
        var (access, _) = await one.Api.NewUserAsync("keyowner");
        var (revoked, revokedId) = await ApiKeyEndToEndTests.NewKeyAsync(one, access, new { name = "to revoke" });
        var (owned, _) = await ApiKeyEndToEndTests.NewKeyAsync(one, access, new { name = "owner goes" });
        var (admin, _) = await one.Api.NewUserAsync("keyadmin");
        await one.Database.MakeAdminAsync("keyadmin");
        var userId = (await one.Api.GetJsonAsync(access, "/me/")).GetProperty("id").GetInt64();
        // The other instance knows both keys before the changes.
        Assert.Equal(HttpStatusCode.OK, (await ApiKeyEndToEndTests.Send(two, HttpMethod.Get, "/chatsessions/", revoked)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ApiKeyEndToEndTests.Send(two, HttpMethod.Get, "/chatsessions/", owned)).StatusCode);

        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, (await ApiKeyEndToEndTests.Send(one, HttpMethod.Delete, $"/me/api-keys/{revokedId}/", access)).StatusCode);
        var refused = await TwoInstances.FirstAsync(() => ApiKeyEndToEndTests.Send(two, HttpMethod.Get, "/chatsessions/", revoked), HttpStatusCode.Unauthorized);
        var revokedIn = clock.Elapsed;

        clock.Restart();
        Assert.Equal(HttpStatusCode.OK,
            (await ApiKeyEndToEndTests.Send(one, HttpMethod.Patch, $"/admin/users/{userId}/", admin, new { status = "deactivated" })).StatusCode);
        var deactivated = await TwoInstances.FirstAsync(() => ApiKeyEndToEndTests.Send(two, HttpMethod.Get, "/chatsessions/", owned), HttpStatusCode.Unauthorized);

        await ApiEndToEndTests.AssertProblem(refused, HttpStatusCode.Unauthorized, "token_not_valid");
        await ApiEndToEndTests.AssertProblem(deactivated, HttpStatusCode.Unauthorized, "token_not_valid");
        Assert.True(revokedIn < TwoInstances.Within, $"The revocation took {revokedIn} to hold on the other instance.");
        Assert.True(clock.Elapsed < TwoInstances.Within, $"The deactivation took {clock.Elapsed} to hold on the other instance.");
    }

    private static async Task RateHoldsAsync(ChatbotApp one, ChatbotApp two)
    {
        var (access, _) = await one.Api.NewUserAsync("ratekeeper");
        var (key, _) = await ApiKeyEndToEndTests.NewKeyAsync(one, access, new { name = "three a minute", requests_per_minute = 3 });

        var statuses = new List<HttpStatusCode>();
        foreach (var app in (ChatbotApp[])[one, two, one])
        {
            statuses.Add((await CompleteAsync(app, key)).StatusCode);
        }

        var fourth = await CompleteAsync(two, key);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        await CompletionsEndToEndTests.AssertOpenAiError(fourth, HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limited");
        Assert.NotNull(fourth.Headers.RetryAfter?.Delta);
    }

    /// <summary>
    /// Each answer in progress holds its input and the longest answer (2,048 tokens here) against the budget, under the
    /// owner's lock on either instance: of eight parallel calls against 5,000 tokens, exactly three fit.
    /// </summary>
    private static async Task BudgetHoldsUnderParallelCallsAsync(ChatbotApp one, ChatbotApp two)
    {
        var (access, _) = await one.Api.NewUserAsync("budgeteer");
        var (key, id) = await ApiKeyEndToEndTests.NewKeyAsync(one, access, new { name = "budget", daily_token_budget = 5000 });
        foreach (var app in (ChatbotApp[])[one, two])
        {
            app.Gemini.Default = _ => GeminiReply.Delayed(TimeSpan.FromSeconds(2), GeminiReply.Text("slow answer"));
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(call => CompleteAsync(call % 2 == 0 ? one : two, key)));

        Assert.Equal(3, answers.Count(answer => answer.StatusCode == HttpStatusCode.OK));
        foreach (var refused in answers.Where(answer => answer.StatusCode != HttpStatusCode.OK))
        {
            await CompletionsEndToEndTests.AssertOpenAiError(refused, HttpStatusCode.TooManyRequests, "rate_limit_error", "quota_exceeded");
        }

        var usage = await one.Api.GetJsonAsync(access, $"/usage/?api_key={id}");
        Assert.Equal(3 * 18, usage.GetProperty("today").GetProperty("total_tokens").GetInt64());
        Assert.Equal(5000, usage.GetProperty("daily_token_quota").GetInt64());
        Assert.Empty((await one.Api.GetJsonAsync(access, "/chatsessions/")).EnumerateArray());
    }

    private static Task<HttpResponseMessage> CompleteAsync(ChatbotApp app, string key)
        => ApiKeyEndToEndTests.Send(app, HttpMethod.Post, "/v1/chat/completions", key,
            new { model = "gemini-2.5-flash", messages = new[] { new { role = "user", content = "p" } } });
}
