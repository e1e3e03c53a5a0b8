using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Chatbot.Core.Data;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// Two instances of the app on one database with one signing key, as a scaled-out deployment runs, for the tests of
/// what one instance changes and the other must honour within <see cref="Within"/>.
/// </summary>
internal static class TwoInstances
{
    public static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    /// <summary>Starts both (one after the other: the first brings the schema up to date), runs <paramref name="test"/>, and drops the database.</summary>
    public static Task RunAsync(DatabaseProvider provider, Func<ChatbotApp, ChatbotApp, Task> test)
        => RunAsync(provider, new Dictionary<string, string?>(), oneGemini: false, test);

    /// <summary>
    /// The same, with <paramref name="settings"/> for both; with <paramref name="oneGemini"/> the second asks the first's
    /// fake Gemini, as every instance of a deployment asks the one Gemini (whose Files API keeps what either uploaded).
    /// </summary>
    public static async Task RunAsync(
        DatabaseProvider provider, IReadOnlyDictionary<string, string?> settings, bool oneGemini, Func<ChatbotApp, ChatbotApp, Task> test)
    {
        var folder = Directory.CreateTempSubdirectory("chatbot-two-instances-").FullName;
        var shared = new Dictionary<string, string?>
        {
            ["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["ConnectionStrings__Chatbot"] = provider == DatabaseProvider.PostgreSQL
                ? $"{Databases.PostgresServer};Database=chatbot_test_{Guid.NewGuid():N}"
                : $"Data Source={Path.Combine(folder, "chatbot.db")}",
        };
        foreach (var (key, value) in settings)
        {
            shared[key] = value;
        }

        var one = new ChatbotApp(provider, shared);
        ChatbotApp? two = null;
        try
        {
            await one.InitializeAsync();
            two = new ChatbotApp(provider, oneGemini ? new Dictionary<string, string?>(shared) { ["Gemini__BaseUrl"] = one.Gemini.BaseUrl.ToString() } : shared);
            await two.InitializeAsync();
            await test(one, two);
        }
        finally
        {
            if (two is not null)
            {
                await two.DisposeAsync();
            }

            await one.DisposeAsync();
            await one.Database.DropAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Asks until the answer has <paramref name="status"/>, for at most <see cref="Within"/>; then the last answer.</summary>
    public static async Task<HttpResponseMessage> FirstAsync(Func<Task<HttpResponseMessage>> ask, HttpStatusCode status)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await ask();
            if (response.StatusCode == status || clock.Elapsed > Within)
            {
                return response;
            }

            await Task.Delay(100);
        }
    }
}
