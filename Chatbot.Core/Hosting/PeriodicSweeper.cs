using Chatbot.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chatbot.Core.Hosting;

/// <summary>
/// A sweep every instance runs on a timer once the database is ready: each pass in its own scope, and a pass that
/// fails (a database or store briefly unreachable) is reported and the next one tries again, so no failure ends the
/// sweeps. Sweeps are written to be safe when several instances run them at once.
/// </summary>
public abstract class PeriodicSweeper(IServiceScopeFactory scopes, DatabaseReadiness database, TimeProvider time) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass; returns how many rows it changed.</summary>
    protected abstract Task<int> SweepAsync(IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>A pass changed <paramref name="count"/> rows (more than none).</summary>
    protected abstract void Swept(int count);

    protected abstract void SweepFailed(Exception failure);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            // The schema may still be migrating while the app starts. If that fails, the app reports it and ends.
            await database.WhenReadyAsync(stoppingToken);
        }
        catch (Exception) when (!database.IsReady)
        {
            return;
        }

        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app is stopping.
        }
    }

    private async Task SweepOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await SweepAsync(scope.ServiceProvider, stoppingToken) is > 0 and var swept)
            {
                Swept(swept);
            }
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            SweepFailed(failure);
        }
    }
}
