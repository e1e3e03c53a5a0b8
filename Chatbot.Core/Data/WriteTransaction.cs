using Microsoft.EntityFrameworkCore.Storage;

namespace Chatbot.Core.Data;

/// <summary>A transaction that writes, holding the writer's turn where the database has one (SQLite) until it ends.</summary>
public sealed class WriteTransaction(IDbContextTransaction transaction, IAsyncDisposable? turn = null) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    private int disposed;

    public async ValueTask DisposeAsync()
    {
        // The turn is given back once, however often this is called: a second release would let two writers in.
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await transaction.DisposeAsync();
        }
        finally
        {
            if (turn is not null)
            {
                await turn.DisposeAsync();
            }
        }
    }
}
