using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Chatbot.Core.Data;
using Chatbot.Tests.Fakes;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.EndToEnd;

/// <summary>The local host's own promises: start-up, failure and shutdown, each with its own processes.</summary>
public sealed class LocalHostTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_README_walk_through_works_on_each_database(DatabaseProvider provider)
    {
        var app = new ChatbotApp(provider);
        await app.InitializeAsync();
        try
        {
            await ReadmeFlow.RunAsync(app);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_bad_setting_stops_the_app_at_start_up_with_one_clear_line()
    {
        var data = Directory.CreateTempSubdirectory("chatbot-badkey-").FullName;
        await using var host = LocalHostProcess.Launch(new Dictionary<string, string?>
        {
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production",
            ["Chatbot__DataDirectory"] = data,
            ["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)),
            ["Gemini__ApiKey"] = "some-key",
        });

        await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, host.ExitCode);
        Assert.Contains("Chatbot cannot start: Jwt:SigningKey is too weak: 16 bytes, at least 32 are required.", host.Output, StringComparison.Ordinal);
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task A_database_that_cannot_be_prepared_stops_the_app_at_start_up_with_one_clear_line()
    {
        // The data folder would have to be made inside a file: the database cannot be created. It is prepared while
        // the worker already talks to the host, and still the host stops at once instead of restarting the worker.
        var file = Path.GetTempFileName();
        await using var host = LocalHostProcess.Launch(new Dictionary<string, string?>
        {
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production",
            ["Chatbot__DataDirectory"] = Path.Combine(file, "data"),
            ["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Gemini__ApiKey"] = "some-key",
        });

        await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, host.ExitCode);
        Assert.Contains("The worker did not start: Chatbot cannot start: the database could not be prepared:", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Restarting the worker", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", host.Output, StringComparison.Ordinal);
        File.Delete(file);
    }

    [Fact]
    public async Task A_missing_gemini_key_stops_production_but_development_starts_and_answers_503()
    {
        var data = Directory.CreateTempSubdirectory("chatbot-nokey-").FullName;
        var environment = new Dictionary<string, string?>
        {
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production",
            ["Chatbot__DataDirectory"] = data,
            ["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Gemini__ApiKey"] = "",
            ["GEMINI_API_KEY"] = "",
            ["GOOGLE_GEMINI_API_KEY"] = "",
        };
        await using (var production = LocalHostProcess.Launch(environment))
        {
            await production.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.Contains("Gemini:ApiKey (or GEMINI_API_KEY) is required.", production.Output, StringComparison.Ordinal);
        }

        environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";
        environment["Jwt__SigningKey"] = "";
        await using var development = await LocalHostProcess.StartAsync(environment);
        using var http = new HttpClient { BaseAddress = development.BaseUrl };
        var api = new ApiClient(http);
        var (access, _) = await api.NewUserAsync();
        var session = await api.NewSessionAsync(access);

        var response = await http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt = "hello" }));

        var problem = await ApiEndToEndTests.AssertProblem(response, HttpStatusCode.ServiceUnavailable, "gemini_not_configured");
        Assert.Contains("Gemini__ApiKey", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "jwt-signing-key.txt")), "Development keeps its generated signing key in the data folder.");
        await development.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task The_key_in_a_dotenv_file_reaches_gemini_and_the_real_environment_still_wins()
    {
        // As the original project's setup writes it; the environment's fake Gemini address must beat the file's.
        var folder = Directory.CreateTempSubdirectory("chatbot-dotenv-").FullName;
        var envFile = Path.Combine(folder, ".env");
        await File.WriteAllLinesAsync(envFile,
        [
            "# Gemini",
            $"export GOOGLE_GEMINI_API_KEY=\"{FakeGeminiServer.ApiKey}\"",
            "Gemini__SystemInstruction='Answer from the .env file.'",
            "Gemini__BaseUrl=http://127.0.0.1:9 # not this one",
        ]);
        var app = new ChatbotApp(DatabaseProvider.Sqlite,
            new Dictionary<string, string?> { ["Gemini__ApiKey"] = null, ["GEMINI_API_KEY"] = null, ["GOOGLE_GEMINI_API_KEY"] = null },
            "--env-file", envFile);
        await app.InitializeAsync();
        try
        {
            var (access, _) = await app.Api.NewUserAsync();
            var session = await app.Api.NewSessionAsync(access);

            var sent = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt = "hello" }));

            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
            var request = Assert.Single(app.Gemini.Requests, request => request.Method == "generateContent");
            Assert.Equal(FakeGeminiServer.ApiKey, request.ApiKey);
            Assert.Equal("Answer from the .env file.", request.SystemInstruction);
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_functions_folder_without_the_worker_is_refused_at_once()
    {
        var empty = Directory.CreateTempSubdirectory("chatbot-empty-").FullName;
        await using var host = LocalHostProcess.Launch(new Dictionary<string, string?>(), "--functions-dir", empty);

        await host.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, host.ExitCode);
        Assert.Contains("No Chatbot.Functions.dll in", host.Output, StringComparison.Ordinal);
        Directory.Delete(empty);
    }

    [Fact]
    public async Task A_function_timeout_that_is_not_a_duration_is_refused_at_once()
    {
        await using var host = LocalHostProcess.Launch(new Dictionary<string, string?> { ["AzureFunctionsJobHost__functionTimeout"] = "soon" });

        await host.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, host.ExitCode);
        Assert.Contains("AzureFunctionsJobHost__functionTimeout is 'soon': give a duration such as 00:10:00, or -1 for no limit.", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Starting the worker", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_the_host_stops_the_worker_too()
    {
        var app = new ChatbotApp();
        await app.InitializeAsync();
        try
        {
            var worker = app.Host.WorkerProcessId();
            Assert.NotNull(worker);

            // SIGTERM, as Ctrl+C or a service manager would send.
            using (var kill = Process.Start("kill", ["-TERM", app.Host.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await app.Host.WaitForExitAsync(TimeSpan.FromSeconds(30));
            await WaitUntilGoneAsync(worker.Value);

            Assert.False(Directory.Exists($"/proc/{worker.Value}"), "The worker outlived the host.");

            // A clean stop: not a crash on the way out, and not mistaken for the worker dying.
            Assert.Equal(0, app.Host.ExitCode);
            Assert.DoesNotContain("Unhandled exception", app.Host.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("The worker exited", app.Host.Output, StringComparison.Ordinal);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task WaitUntilGoneAsync(int processId)
    {
        for (var waited = 0; Directory.Exists($"/proc/{processId}") && waited < 10_000; waited += 50)
        {
            await Task.Delay(50);
        }
    }
}
