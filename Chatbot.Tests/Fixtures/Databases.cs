using Chatbot.Core.Data;

namespace Chatbot.Tests.Fixtures;

/// <summary>
/// The databases the data-layer tests run on: SQLite always, PostgreSQL when a server is given in
/// <c>CHATBOT_TEST_POSTGRES</c> (a connection string without a database name; <c>.ci/run</c> starts one and sets it).
/// </summary>
public static class Databases
{
    public const string PostgresVariable = "CHATBOT_TEST_POSTGRES";

    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server ? server : null;

    public static TheoryData<DatabaseProvider> All
    {
        get
        {
            var providers = new TheoryData<DatabaseProvider> { DatabaseProvider.Sqlite };
            if (PostgresServer is not null)
            {
                providers.Add(DatabaseProvider.PostgreSQL);
            }

            return providers;
        }
    }

    /// <summary>Settings for a brand-new, empty database on <paramref name="provider"/>.</summary>
    internal static Dictionary<string, string?> FreshDatabaseSettings(DatabaseProvider provider, string dataDirectory) => provider switch
    {
        DatabaseProvider.PostgreSQL => new()
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Chatbot"] = $"{PostgresServer};Database=chatbot_test_{Guid.NewGuid():N}",
        },
        _ => new()
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Chatbot"] = $"Data Source={Path.Combine(dataDirectory, "chatbot.db")}",
        },
    };
}
