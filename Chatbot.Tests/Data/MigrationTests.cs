using Chatbot.Core.Data;
using Chatbot.Core.Data.PostgreSql;
using Chatbot.Core.Data.Sqlite;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Chatbot.Tests.Data;

public sealed class MigrationTests
{
    [Fact]
    public void The_sqlite_migrations_match_the_model()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a SQLite migration: dotnet ef migrations add <Name> --project Chatbot.Core --context SqliteChatbotDbContext --output-dir Data/Sqlite/Migrations");
    }

    [Fact]
    public void The_postgresql_migrations_match_the_model()
    {
        using var db = new PostgreSqlDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a PostgreSQL migration: dotnet ef migrations add <Name> --project Chatbot.Core --context PostgreSqlChatbotDbContext --output-dir Data/PostgreSql/Migrations");
    }

    [Fact]
    public async Task A_first_start_on_a_fresh_sqlite_file_logs_no_warning()
    {
        await using var services = await CoreServices.StartAsync();

        var warnings = services.Logs.Entries.Where(entry => entry.Level >= LogLevel.Warning).Select(entry => entry.Message).ToList();
        Assert.True(warnings.Count == 0, string.Join("\n", warnings));
    }

    [Fact]
    public async Task A_reply_points_to_its_parent_with_a_foreign_key_that_deletes_it_with_the_parent()
    {
        await using var services = await CoreServices.StartAsync();

        var keys = await services.InScopeAsync<ChatbotDbContext, List<string>>(db => db.Database
            .SqlQueryRaw<string>("""SELECT "from" || ' -> ' || "table" || '.' || "to" || ' ' || on_delete AS "Value" FROM pragma_foreign_key_list('messages')""")
            .ToListAsync());

        Assert.Contains("ParentId -> messages.Id CASCADE", keys);
    }
}
