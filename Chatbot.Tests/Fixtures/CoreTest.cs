using Chatbot.Core.Data;

namespace Chatbot.Tests.Fixtures;

/// <summary>
/// A test class whose every test starts with its own Core on a fresh SQLite database, and may swap it for a fresh one
/// on another provider or with other settings first.
/// </summary>
public abstract class CoreTest : IAsyncLifetime
{
    private protected CoreServices Core { get; private set; } = null!;

    public async Task InitializeAsync() => Core = await CoreServices.StartAsync();

    public async Task DisposeAsync() => await Core.DisposeAsync();

    /// <summary>Swaps the default Core for a fresh one on <paramref name="provider"/>, with <paramref name="overrides"/> set.</summary>
    private protected async Task UseAsync(
        DatabaseProvider provider = DatabaseProvider.Sqlite, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        await Core.DisposeAsync();
        Core = await CoreServices.StartAsync(provider, overrides);
    }
}
