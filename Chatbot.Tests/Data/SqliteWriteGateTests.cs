using Chatbot.Core.Data;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Data;

public sealed class SqliteWriteGateTests
{
    [Fact]
    public async Task A_save_waits_its_turn_behind_a_write_transaction_instead_of_meeting_SQLites_lock()
    {
        await using var core = await CoreServices.StartAsync();
        var user = await core.RegisterAsync("gated", "gated@example.com", "gated-password");

        await core.InScopeAsync<ChatbotDbContext>(async holder =>
        {
            await using var transaction = await holder.BeginWriteAsync(default);
            await holder.Database.ExecuteSqlAsync($"UPDATE users SET Email = 'held@example.com' WHERE Id = {user.Id}");

            // Without a busy timeout, a save that reached SQLite now would fail at once with "database is locked":
            // it can only succeed by having waited for the transaction to end.
            var save = core.InScopeAsync<ChatbotDbContext>(async saver =>
            {
                await saver.Database.OpenConnectionAsync();
                await saver.Database.ExecuteSqlRawAsync("PRAGMA busy_timeout = 0;");
                var row = await saver.Users.SingleAsync(row => row.Id == user.Id);
                row.Email = "saved@example.com";
                await saver.SaveChangesAsync();
                await saver.Database.ExecuteSqlRawAsync("PRAGMA busy_timeout = 30000;");
            });

            await Task.Delay(TimeSpan.FromMilliseconds(300));
            Assert.False(save.IsCompleted, "The save should be waiting for the writer's turn.");
            await transaction.CommitAsync(default);
            await transaction.DisposeAsync();
            await save.WaitAsync(TimeSpan.FromSeconds(10));
        });

        var email = await core.InScopeAsync<ChatbotDbContext, string>(
            db => db.Users.Where(row => row.Id == user.Id).Select(row => row.Email).SingleAsync());
        Assert.Equal("saved@example.com", email);
    }
}
