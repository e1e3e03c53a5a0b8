using Azure.Core;
using Azure.Identity;
using Chatbot.Core.Data.PostgreSql;
using Chatbot.Core.Data.Sqlite;
using Chatbot.Core.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Data;

internal static class DatabaseServiceCollectionExtensions
{
    private static readonly SqliteConnectionSetup SqliteSetup = new();
    private static readonly string[] EntraScopes = ["https://ossrdbms-aad.database.windows.net/.default"];

    /// <summary>Registers <see cref="ChatbotDbContext"/> on the configured provider, pooled.</summary>
    public static void AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .Configure(options => options.ConnectionString ??= configuration.GetConnectionString("Chatbot"))
            .ValidateDataAnnotations()
            .Validate(
                options => options.Provider != DatabaseProvider.PostgreSQL || !string.IsNullOrWhiteSpace(options.ConnectionString),
                "ConnectionStrings:Chatbot is required when Database:Provider is PostgreSQL.")
            .ValidateOnStart();

        // The provider is read once, here: each has its own context type, so each keeps its own migrations.
        var provider = configuration.GetSection(DatabaseOptions.SectionName).GetValue<DatabaseProvider?>(nameof(DatabaseOptions.Provider));
        if (provider == DatabaseProvider.PostgreSQL)
        {
            services.AddDbContextPool<ChatbotDbContext, PostgreSqlChatbotDbContext>(
                (serviceProvider, builder) => UsePostgreSql(builder, serviceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        }
        else
        {
            services.AddDbContextPool<ChatbotDbContext, SqliteChatbotDbContext>(
                (serviceProvider, builder) => builder
                    .UseSqlite(SqliteConnectionString(
                        serviceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value,
                        serviceProvider.GetRequiredService<IOptions<AppDataOptions>>().Value))
                    .AddInterceptors(SqliteSetup));
        }
    }

    private static string SqliteConnectionString(DatabaseOptions database, AppDataOptions appData)
        => string.IsNullOrWhiteSpace(database.ConnectionString)
            ? $"Data Source={Path.Combine(appData.DataDirectory, "chatbot.db")}"
            : database.ConnectionString;

    private static void UsePostgreSql(DbContextOptionsBuilder builder, DatabaseOptions database)
        => builder.UseNpgsql(database.ConnectionString, npgsql =>
        {
            npgsql.EnableRetryOnFailure();
            if (database.UseEntraAuthentication)
            {
                // Entra tokens live about an hour; Npgsql asks for a fresh one well before that.
                var credential = new DefaultAzureCredential();
                npgsql.ConfigureDataSource(dataSource => dataSource.UsePeriodicPasswordProvider(
                    async (_, cancellationToken) =>
                        (await credential.GetTokenAsync(new TokenRequestContext(EntraScopes), cancellationToken)).Token,
                    TimeSpan.FromMinutes(50),
                    TimeSpan.FromSeconds(5)));
            }
        });
}
