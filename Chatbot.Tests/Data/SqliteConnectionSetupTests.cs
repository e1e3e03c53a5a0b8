using Chatbot.Core.Data;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Data;

public sealed class SqliteConnectionSetupTests
{
    [Fact]
    public async Task Every_open_connection_waits_for_the_writer_and_syncs_normally_also_when_it_comes_back_from_the_pool()
    {
        await using var core = await CoreServices.StartAsync();

        // The first open sets the pragmas up; the later ones get the same native connection back from the pool.
        for (var open = 0; open < 3; open++)
        {
            var (busyTimeout, synchronous) = await core.InScopeAsync<ChatbotDbContext, (long, long)>(async db =>
            {
                await db.Database.OpenConnectionAsync();
                try
                {
                    return (await PragmaAsync(db, "busy_timeout"), await PragmaAsync(db, "synchronous"));
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            });

            Assert.Equal(30000, busyTimeout);
            Assert.Equal(1, synchronous); // NORMAL
        }
    }

    private static async Task<long> PragmaAsync(ChatbotDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
