using System.Net;

namespace Chatbot.Tests.EndToEnd;

/// <summary>The per-user search limit through the local host and the real worker.</summary>
public sealed class SearchLimitEndToEndTests(LimitedChatbotApp app) : IClassFixture<LimitedChatbotApp>
{
    [Fact]
    public async Task The_third_search_in_a_minute_answers_429_search_rate_limited_with_retry_after_and_others_may_still_search()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var (other, _) = await app.Api.NewUserAsync();

        var statuses = new List<HttpStatusCode>();
        for (var search = 0; search < 2; search++)
        {
            statuses.Add((await SearchAsync(access)).StatusCode);
        }

        var refused = await SearchAsync(access);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        await ApiEndToEndTests.AssertProblem(refused, HttpStatusCode.TooManyRequests, "search_rate_limited");
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await SearchAsync(other)).StatusCode);
    }

    private Task<HttpResponseMessage> SearchAsync(string access)
        => app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, "/search/?q=otters", access));
}
