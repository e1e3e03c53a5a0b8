using System.Security.Cryptography;
using Chatbot.Core;
using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Chatbot.Tests.Fixtures;

/// <summary>
/// Core as the app registers it, on a fresh SQLite file with the real migrations applied, and a clock the test
/// controls. Each instance is its own database.
/// </summary>
internal sealed class CoreServices : IAsyncDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("chatbot-tests-").FullName;
    private readonly ServiceProvider provider;

    private CoreServices(DatabaseProvider database, IReadOnlyDictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Chatbot:DataDirectory"] = directory,
            ["Jwt:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Passwords:WorkFactor"] = "4",
            ["Passwords:AllowWeakWorkFactor"] = "true",
            ["Gemini:ApiKey"] = Fakes.FakeGeminiServer.ApiKey,
            ["Gemini:BaseUrl"] = "http://127.0.0.1:9",
            ["Gemini:RetryBaseDelay"] = "00:00:00.010",
            ["Gemini:AttemptTimeout"] = "00:00:02",
            ["Gemini:RequestTimeout"] = "00:00:10",
            // Titles make a second Gemini call in the background; tests that want one turn them on.
            ["Titles:Enabled"] = "false",
            // Tests register users and log in from one address far more than a person would; the limits' own tests turn them on.
            ["Limits:Enabled"] = "false",
            // PostgreSQL outside Development refuses the FileSystem store unless its folder is declared shared.
            ["Attachments:SharedFileSystem"] = "true",
        };
        foreach (var (key, value) in Databases.FreshDatabaseSettings(database, directory))
        {
            settings[key] = value;
        }

        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Time);
        services.AddChatbotCore(configuration, isDevelopment: false);
        provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>The client address the tests' requests come from.</summary>
    public const string ClientAddress = "203.0.113.10";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public CapturedLogs Logs { get; } = new();

    public string DataDirectory => directory;

    public static async Task<CoreServices> StartAsync(
        DatabaseProvider database = DatabaseProvider.Sqlite,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var services = new CoreServices(database, overrides ?? new Dictionary<string, string?>());
        await DatabaseInitializer.InitializeAsync(services.provider);
        return services;
    }

    /// <summary>Runs <paramref name="work"/> with a service from a fresh scope, as one request would.</summary>
    public async Task<TResult> InScopeAsync<TService, TResult>(Func<TService, Task<TResult>> work)
        where TService : notnull
    {
        await using var scope = provider.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task InScopeAsync<TService>(Func<TService, Task> work)
        where TService : notnull
    {
        await using var scope = provider.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public T GetRequiredService<T>()
        where T : notnull => provider.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await InScopeAsync<ChatbotDbContext>(async db =>
        {
            if (!db.Database.IsSqlite())
            {
                await db.Database.EnsureDeletedAsync();
            }
        });
        await provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
