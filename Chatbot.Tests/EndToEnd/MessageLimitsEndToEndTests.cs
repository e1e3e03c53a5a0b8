using System.Net;
using Chatbot.Core.Data;

namespace Chatbot.Tests.EndToEnd;

/// <summary>The app with the per-user limits on and small: two prompts and two searches a minute.</summary>
public sealed class LimitedChatbotApp() : ChatbotApp(DatabaseProvider.Sqlite, new Dictionary<string, string?>
{
    ["Limits__Enabled"] = "true",
    ["Limits__MessagesPerMinute"] = "2",
    ["Limits__SearchesPerUserPerMinute"] = "2",
});

/// <summary>The per-user message limit through the local host and the real worker.</summary>
public sealed class MessageLimitsEndToEndTests(LimitedChatbotApp app) : IClassFixture<LimitedChatbotApp>
{
    [Fact]
    public async Task The_third_prompt_in_a_minute_answers_429_rate_limited_with_retry_after_and_is_not_stored()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var session = await app.Api.NewSessionAsync(access, "limited");

        var statuses = new List<HttpStatusCode>();
        for (var sent = 0; sent < 2; sent++)
        {
            statuses.Add((await SendAsync(access, session, $"question {sent}")).StatusCode);
        }

        var refused = await SendAsync(access, session, "one too many");

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created], statuses);
        await ApiEndToEndTests.AssertProblem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(2, (await app.Api.GetJsonAsync(access, $"/chatsessions/{session}/messages/")).GetArrayLength());
        var usage = await app.Api.GetJsonAsync(access, "/usage/");
        Assert.Equal(2, usage.GetProperty("today").GetProperty("messages").GetInt32());
    }

    private Task<HttpResponseMessage> SendAsync(string access, long session, string prompt)
        => app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt }));
}
