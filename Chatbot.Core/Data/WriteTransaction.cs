using Microsoft.EntityFrameworkCore.Storage;

namespace Chatbot.Core.Data;

/// <summary>A transaction that writes, holding the writer's turn where the database has one (SQLite) until it ends.</summary>
public sealed class WriteTransaction(IDbContextTransaction transaction, IAsyncDisposable? turn = null) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
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
