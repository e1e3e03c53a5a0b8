using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Chatbot.Tests.Fakes;

namespace Chatbot.Tests.EndToEnd;

/// <summary>A worker that crashes is restarted, as the Functions host does; one that keeps crashing ends the host.</summary>
public sealed class WorkerRestartTests
{
    [Fact]
    public async Task A_worker_killed_mid_answer_is_restarted_and_the_app_serves_again_within_10_s()
    {
        var app = new ChatbotApp();
        await app.InitializeAsync();
        try
        {
            var (access, _) = await app.Api.NewUserAsync();
            var session = await app.Api.NewSessionAsync(access);
            app.Gemini.Default = request => request.LastUserText == "slow"
                ? GeminiReply.Delayed(TimeSpan.FromSeconds(30), GeminiReply.Text("too late"))
                : GeminiReply.Stream(["first ", "second ", "third"], TimeSpan.FromSeconds(3));

            // Two answers in flight: one plain, still waiting for Gemini, and one streamed, already sending.
            var other = await app.Api.NewSessionAsync(access);
            var plain = app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{other}/messages/", access, new { prompt = "slow" }));
            var request = ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt = "crash me" });
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await app.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());
            string? line;
            do
            {
                line = await stream.ReadLineAsync();
            }
            while (line is not null and not "event: delta");

            while (app.Gemini.Requests.All(asked => asked.LastUserText != "slow"))
            {
                await Task.Delay(50);
            }

            var worker = app.Host.WorkerProcessId()!.Value;
            Process.GetProcessById(worker).Kill();
            var clock = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<IOException>(() => stream.ReadToEndAsync());
            using var caught = await plain;
            await caught.Content.LoadIntoBufferAsync();
            Assert.Equal(HttpStatusCode.BadGateway, caught.StatusCode);
            AssertWorkerDownProblem(caught);

            var meanwhile = await WaitUntilServingAsync(app.Http, TimeSpan.FromSeconds(10));
            var servingAgain = clock.Elapsed;
            // Served again means served fully: a new user registers and logs in (timed apart: BCrypt is not the restart).
            await app.Api.NewUserAsync();

            Assert.True(servingAgain < TimeSpan.FromSeconds(10), $"Serving again took {servingAgain}.");
            Assert.NotEqual(worker, app.Host.WorkerProcessId());
            Assert.False(app.Host.HasExited);
            Assert.All(meanwhile, AssertWorkerDownProblem);
            Assert.Contains("Restarting the worker in 0.25 s", app.Host.Output, StringComparison.Ordinal);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_worker_that_crashes_past_the_restart_limit_ends_the_host_non_zero_with_its_last_lines()
    {
        var data = Directory.CreateTempSubdirectory("chatbot-crashes-").FullName;
        await using var host = await LocalHostProcess.StartAsync(
            new Dictionary<string, string?>
            {
                ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
                ["Chatbot__DataDirectory"] = data,
                ["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Gemini__ApiKey"] = FakeGeminiServer.ApiKey,
            },
            "--max-restarts", "1");
        using var http = new HttpClient { BaseAddress = host.BaseUrl };

        Process.GetProcessById(host.WorkerProcessId()!.Value).Kill();
        await WaitUntilServingAsync(http, TimeSpan.FromSeconds(30));
        Process.GetProcessById(host.WorkerProcessId()!.Value).Kill();
        await host.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, host.ExitCode);
        Assert.Contains("The worker keeps crashing: the limit of 1 restarts a minute is used up. Stopping the host.", host.Output, StringComparison.Ordinal);
        var output = host.Output;
        var lastLines = output.IndexOf("The worker's last lines:", StringComparison.Ordinal);
        Assert.True(lastLines >= 0, "The host did not print the worker's last lines.");
        var givingUp = output.IndexOf("The worker keeps crashing", lastLines, StringComparison.Ordinal);
        Assert.Contains("[Microsoft.Hosting.Lifetime]", output[lastLines..givingUp], StringComparison.Ordinal);
        Directory.Delete(data, recursive: true);
    }

    /// <summary>Polls /health/ until it answers 200; returns every other answer seen on the way.</summary>
    private static async Task<List<HttpResponseMessage>> WaitUntilServingAsync(HttpClient http, TimeSpan within)
    {
        var others = new List<HttpResponseMessage>();
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < within; await Task.Delay(100))
        {
            var response = await http.GetAsync(new Uri("/health/", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return others;
            }

            await response.Content.LoadIntoBufferAsync();
            others.Add(response);
        }

        throw new TimeoutException($"The app did not serve again within {within}.");
    }

    /// <summary>While the worker is down: 502 for a request caught by the crash, 503 with Retry-After while it restarts.</summary>
    private static void AssertWorkerDownProblem(HttpResponseMessage response)
    {
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable });
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.NotNull(response.Headers.RetryAfter);
        }
    }
}
