namespace Chatbot.Core.Data;

/// <summary>
/// The schema brought up to date once per process, in the background: started as soon as the app is built, so the
/// worker connects to its host and loads its functions while migrations run (a cold start does both at once instead
/// of one after the other). Whatever needs the database first awaits <see cref="WhenReadyAsync"/>.
/// </summary>
public sealed class DatabaseReadiness(IServiceProvider services)
{
    private readonly Lazy<Task> initialization = new(
        () => Task.Run(() => DatabaseInitializer.InitializeAsync(services)), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Starts the initialization if nothing has yet; the task ends when the database is ready, or fails.</summary>
    public Task Start() => initialization.Value;

    /// <summary>True once the database is ready: the path every request takes after the first ones, with no await.</summary>
    public bool IsReady => initialization.IsValueCreated && initialization.Value.IsCompletedSuccessfully;

    /// <summary>Waits for the database (starting its initialization if need be); throws what the initialization threw.</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken) => Start().WaitAsync(cancellationToken);
}
