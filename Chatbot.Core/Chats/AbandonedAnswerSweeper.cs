using Chatbot.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chatbot.Core.Chats;

/// <summary>
/// Runs <see cref="AbandonedAnswers"/> every 5 s in every instance that is up. Instances only run while requests
/// come, which is when somebody could see a stuck answer; the sweep is one UPDATE on a tiny index.
/// </summary>
public sealed partial class AbandonedAnswerSweeper(
    IServiceScopeFactory scopes, DatabaseReadiness database, TimeProvider time, ILogger<AbandonedAnswerSweeper> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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
            var swept = await scope.ServiceProvider.GetRequiredService<AbandonedAnswers>().SweepAsync(stoppingToken);
            if (swept > 0)
            {
                LogSwept(swept);
            }
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // A database that is briefly unreachable must not end the sweeps; the next one tries again.
            LogSweepFailed(failure.GetType().Name, failure.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marked {Count} abandoned answers as interrupted")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep for abandoned answers failed ({ErrorType}): {Reason}")]
    private partial void LogSweepFailed(string errorType, string reason);
}
