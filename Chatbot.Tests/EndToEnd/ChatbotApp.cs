using System.Security.Cryptography;
using Chatbot.Core.Data;
using Chatbot.Tests.Fakes;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// The whole app as a user meets it: the local host, the real worker, a fresh database and a fake Gemini, all
/// over loopback HTTP. One per test class (as a class fixture), or one per test where the test needs its own.
/// </summary>
public class ChatbotApp : IAsyncLifetime
{
    private readonly DatabaseProvider provider;
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly string[] arguments;
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("chatbot-e2e-").FullName;

    public ChatbotApp()
        : this(DatabaseProvider.Sqlite)
    {
    }

    /// <param name="provider">The database the worker uses.</param>
    /// <param name="settings">Settings on top of the test defaults, in environment form (<c>Section__Key</c>); null removes one.</param>
    /// <param name="arguments">The local host's command line.</param>
    internal ChatbotApp(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null, params string[] arguments)
    {
        this.provider = provider;
        this.settings = settings ?? new Dictionary<string, string?>();
        this.arguments = arguments;
    }

    public FakeGeminiServer Gemini { get; private set; } = null!;

    public LocalHostProcess Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The worker's data folder: the SQLite file and the FileSystem store's attachments.</summary>
    public string DataDirectory => dataDirectory;

    /// <summary>The settings given on top of the test defaults.</summary>
    internal IReadOnlyDictionary<string, string?> Settings => settings;

    /// <summary>The database the worker uses, for tests that set up what no route does (an admin's role).</summary>
    internal AppDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Gemini = await FakeGeminiServer.StartAsync();
        var environment = new Dictionary<string, string?>
        {
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production",
            ["Chatbot__DataDirectory"] = dataDirectory,
            ["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Passwords__WorkFactor"] = "4",
            ["Passwords__AllowWeakWorkFactor"] = "true",
            ["Gemini__ApiKey"] = FakeGeminiServer.ApiKey,
            ["Gemini__BaseUrl"] = Gemini.BaseUrl.ToString(),
            ["Gemini__RetryBaseDelay"] = "00:00:00.010",
            ["Gemini__AttemptTimeout"] = "00:00:05",
            ["Titles__Enabled"] = "false",
            // Every test registers from 127.0.0.1, far beyond the registration limit; the limits' own tests turn them on.
            ["Limits__Enabled"] = "false",
            // PostgreSQL outside Development refuses the FileSystem store unless its folder is declared shared.
            ["Attachments__SharedFileSystem"] = "true",
        };
        foreach (var (key, value) in Databases.FreshDatabaseSettings(provider, dataDirectory))
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        Database = new AppDatabase(provider, environment["ConnectionStrings__Chatbot"]!);
        Host = await LocalHostProcess.StartAsync(environment, arguments);
        Http = new HttpClient { BaseAddress = Host.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        await Gemini.DisposeAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }

    public ApiClient Api => new(Http);
}
