using Chatbot.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Attachments;

/// <summary>
/// Runs <see cref="AttachmentCleanup.SweepAsync"/> every <c>Attachments__SweepInterval</c> (10 minutes) in every
/// instance that is up, as <see cref="Chats.AbandonedAnswerSweeper"/> runs its sweep: an upload no message took is
/// removed a day after it came. Two instances sweeping at once delete each row once.
/// </summary>
public sealed partial class AttachmentSweeper(
    IServiceScopeFactory scopes, DatabaseReadiness database, IOptions<AttachmentOptions> options, TimeProvider time,
    ILogger<AttachmentSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
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
            var swept = await scope.ServiceProvider.GetRequiredService<AttachmentCleanup>().SweepAsync(stoppingToken);
            if (swept > 0)
            {
                LogSwept(swept);
            }
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // A database or store that is briefly unreachable must not end the sweeps; the next one tries again.
            LogSweepFailed(failure.GetType().Name, failure.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} uploads no message refers to")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep for unreferenced uploads failed ({ErrorType}): {Reason}")]
    private partial void LogSweepFailed(string errorType, string reason);
}
