using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Data.PostgreSql;
using Chatbot.Core.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// A running app's database, opened beside the worker: for what a test must set up without a route (the first admin
/// is made by the CLI or the bootstrap route, which these tests do not use).
/// </summary>
internal sealed class AppDatabase(DatabaseProvider provider, string connectionString)
{
    public string ConnectionString => connectionString;

    public Task MakeAdminAsync(string username) => SetRoleAsync(username, UserRole.Admin);

    public async Task SetRoleAsync(string username, UserRole role)
    {
        await using var db = Open();
        var normalized = AccountRules.Normalize(username);
        var changed = await db.Users.Where(user => user.NormalizedUsername == normalized)
            .ExecuteUpdateAsync(setters => setters.SetProperty(user => user.Role, role));
        Assert.Equal(1, changed);
    }

    public async Task<T> ReadAsync<T>(Func<ChatbotDbContext, Task<T>> read)
    {
        await using var db = Open();
        return await read(db);
    }

    /// <summary>Drops a PostgreSQL database once no app uses it (a SQLite file goes with its folder).</summary>
    public async Task DropAsync()
    {
        if (provider == DatabaseProvider.PostgreSQL)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var db = Open();
            await db.Database.EnsureDeletedAsync();
        }
    }

    private ChatbotDbContext Open() => provider == DatabaseProvider.PostgreSQL
        ? new PostgreSqlChatbotDbContext(new DbContextOptionsBuilder<PostgreSqlChatbotDbContext>().UseNpgsql(connectionString).Options)
        : new SqliteChatbotDbContext(new DbContextOptionsBuilder<SqliteChatbotDbContext>().UseSqlite(connectionString).Options);
}
