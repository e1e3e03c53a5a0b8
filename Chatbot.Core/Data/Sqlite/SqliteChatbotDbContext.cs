using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Data.Sqlite;

/// <summary>
/// The SQLite flavour of the model; its migrations live beside it. Its writes take their turn at the file's
/// <see cref="SqliteWriteGate"/>: a save outside a transaction here, a transaction when it begins (see
/// <see cref="ChatbotDbContext.BeginWriteAsync"/>).
/// </summary>
public sealed class SqliteChatbotDbContext(DbContextOptions<SqliteChatbotDbContext> options) : ChatbotDbContext(options)
{
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // Inside a transaction the turn is already held (BeginWriteAsync). A save with nothing to write takes its
        // turn too: asking first would detect the changes twice on every save that has some.
        if (Database.CurrentTransaction is not null)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var turn = await Gate().EnterAsync(cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    internal override async Task<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var turn = await Gate().EnterAsync(cancellationToken);
        try
        {
            return new WriteTransaction(await Database.BeginTransactionAsync(cancellationToken), turn);
        }
        catch
        {
            await turn.DisposeAsync();
            throw;
        }
    }

    private SqliteWriteGate Gate() => SqliteWriteGate.For(Database.GetConnectionString()!);
}
