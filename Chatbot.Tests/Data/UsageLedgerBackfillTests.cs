using Chatbot.Core.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chatbot.Tests.Data;

/// <summary>Usage counted on messages before the ledger existed carries over when the ledger is created.</summary>
public sealed class UsageLedgerBackfillTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("chatbot-backfill-").FullName;

    [Fact]
    public async Task Creating_the_ledger_copies_the_tokens_messages_recorded()
    {
        var options = new DbContextOptionsBuilder<SqliteChatbotDbContext>()
            .UseSqlite($"Data Source={Path.Combine(directory, "chatbot.db")}").Options;
        await using var db = new SqliteChatbotDbContext(options);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("MessageAnsweringSince");
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO users ("Id", "Username", "NormalizedUsername", "Email", "PasswordHash", "CreatedAt") VALUES (7, 'old', 'OLD', 'old@example.com', 'x', '2026-11-20 10:00:00');
            INSERT INTO chat_sessions ("Id", "UserId", "StartedAt", "UpdatedAt") VALUES (3, 7, '2026-11-20 10:00:00', '2026-11-20 10:00:00');
            INSERT INTO messages ("Id", "SessionId", "Prompt", "Response", "Status", "PromptTokens", "ResponseTokens", "CreatedAt")
                VALUES (1, 3, 'answered', 'yes', 'Complete', 11, 7, '2026-11-20 10:01:00'),
                       (2, 3, 'failed', '', 'Failed', NULL, NULL, '2026-11-20 10:02:00');
            """);

        await migrator.MigrateAsync();

        var ledger = await db.UsageLedger.AsNoTracking().ToListAsync();
        var entry = Assert.Single(ledger);
        Assert.Equal((7L, 3L, 1L, 11, 7), (entry.UserId, entry.SessionId, entry.MessageId, entry.PromptTokens, entry.ResponseTokens));
        Assert.Equal((Core.Usage.UsageKind.Answer, Core.Usage.UsageStatus.Settled), (entry.Kind, entry.Status));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
