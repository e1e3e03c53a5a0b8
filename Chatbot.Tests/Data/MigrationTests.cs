using Chatbot.Core.Data.PostgreSql;
using Chatbot.Core.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

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
}
