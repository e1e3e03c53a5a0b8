using Chatbot.Core.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chatbot.Tests.Data;

/// <summary>Sessions stored before branches existed read as one line of messages after the upgrade.</summary>
public sealed class MessageTreeBackfillTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("chatbot-tree-backfill-").FullName;

    [Fact]
    public async Task Each_old_message_follows_the_one_before_it_in_its_session_on_the_current_branch()
    {
        var options = new DbContextOptionsBuilder<SqliteChatbotDbContext>()
            .UseSqlite($"Data Source={Path.Combine(directory, "chatbot.db")}").Options;
        await using var db = new SqliteChatbotDbContext(options);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("OpenInternet");
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO users ("Id", "Username", "NormalizedUsername", "Email", "PasswordHash", "CreatedAt") VALUES (7, 'old', 'OLD', 'old@example.com', 'x', '2026-11-20 10:00:00');
            INSERT INTO chat_sessions ("Id", "UserId", "StartedAt", "UpdatedAt") VALUES (3, 7, '2026-11-20 10:00:00', '2026-11-20 10:00:00'),
                                                                                    (4, 7, '2026-11-20 10:00:00', '2026-11-20 10:00:00');
            INSERT INTO messages ("Id", "SessionId", "Prompt", "Response", "Status", "CreatedAt")
                VALUES (1, 3, 'a', 'A', 'Complete', '2026-11-20 10:01:00'),
                       (2, 4, 'elsewhere', 'E', 'Complete', '2026-11-20 10:02:00'),
                       (5, 3, 'b', 'B', 'Failed', '2026-11-20 10:03:00'),
                       (9, 3, 'c', 'C', 'Complete', '2026-11-20 10:04:00');
            """);

        await migrator.MigrateAsync();

        var messages = await db.Messages.AsNoTracking().OrderBy(message => message.Id)
            .Select(message => new { message.Id, message.ParentId, message.OnCurrentBranch }).ToListAsync();
        Assert.Equal([(1L, (long?)null, true), (2L, null, true), (5L, 1L, true), (9L, 5L, true)],
            messages.Select(message => (message.Id, message.ParentId, message.OnCurrentBranch)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
