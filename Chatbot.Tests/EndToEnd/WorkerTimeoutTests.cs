using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Chatbot.Core.Data;
using Chatbot.Tests.Fakes;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// A function timeout of 20 s, set as on Azure (<c>AzureFunctionsJobHost__functionTimeout</c> over host.json), and
/// Gemini deadlines far beyond it, so that only the host's deadline can end a slow answer. (Shorter would be quicker,
/// but every request to this app must finish within it, a cold worker's first ones too, with the whole suite running.)
/// </summary>
public sealed class ShortFunctionTimeoutApp() : ChatbotApp(DatabaseProvider.Sqlite, new Dictionary<string, string?>
{
    ["AzureFunctionsJobHost__functionTimeout"] = "00:00:20",
    ["Gemini__AttemptTimeout"] = "00:01:00",
    ["Gemini__RequestTimeout"] = "00:01:00",
});

/// <summary>When the worker does not answer in time, the client hears so in the app's problem+json, not a bare 500.</summary>
public sealed partial class WorkerTimeoutTests(ShortFunctionTimeoutApp app) : IClassFixture<ShortFunctionTimeoutApp>
{
    [Fact]
    public async Task A_function_that_outlives_its_timeout_is_answered_504_worker_timeout()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var session = await app.Api.NewSessionAsync(access);
        app.Gemini.Default = _ => GeminiReply.Delayed(TimeSpan.FromSeconds(55), GeminiReply.Text("too late"));

        var clock = Stopwatch.StartNew();
        using var response = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt = "take your time" }));
        var waited = clock.Elapsed;

        var problem = await ApiEndToEndTests.AssertProblem(response, HttpStatusCode.GatewayTimeout, "worker_timeout");
        Assert.Contains("00:00:20", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.InRange(waited, TimeSpan.FromSeconds(19), TimeSpan.FromSeconds(40));
        using var health = await app.Http.GetAsync(new Uri("/health/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_streamed_answer_that_outlives_its_timeout_is_cut_at_the_deadline()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var session = await app.Api.NewSessionAsync(access);
        app.Gemini.Default = _ => GeminiReply.StreamHoldingLast(["first ", "never sent"], new TaskCompletionSource().Task);
        var request = ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt = "keep going" });
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        var clock = Stopwatch.StartNew();
        using var response = await app.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());

        // Its answer had begun, so there is no status left to tell: the stream is cut at the deadline. (The answer
        // itself runs on and is stored, as for any reader that leaves.)
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assert.ThrowsAnyAsync<IOException>(() => stream.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(50)));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(19), TimeSpan.FromSeconds(40));
    }

    [Fact]
    public async Task A_request_whose_invocation_never_reaches_the_worker_is_answered_504_worker_timeout()
    {
        // The worker pairs each forwarded request with the host's gRPC invocation of the same id and waits 5 s for it.
        // Through the host the invocation always comes (late only when the worker is swamped), so the test asks the
        // worker directly, with an id no invocation will ever carry.
        var port = ListeningOn().Matches(app.Host.Output).Select(match => match.Groups["port"].Value).Last();
        using var worker = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/");
        request.Headers.Add("x-ms-invocation-id", Guid.NewGuid().ToString());

        using var response = await worker.SendAsync(request);

        await ApiEndToEndTests.AssertProblem(response, HttpStatusCode.GatewayTimeout, "worker_timeout");
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
    }

    [GeneratedRegex(@"Now listening on: http://localhost:(?<port>\d+)")]
    private static partial Regex ListeningOn();
}
