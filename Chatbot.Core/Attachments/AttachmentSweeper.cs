using Chatbot.Core.Data;
using Chatbot.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Attachments;

/// <summary>
/// Runs <see cref="AttachmentCleanup.SweepAsync"/> every <c>Attachments__SweepInterval</c> (10 minutes) in every
/// instance that is up: an upload no message took is removed a day after it came. Two instances sweeping at once
/// delete each row once.
/// </summary>
public sealed partial class AttachmentSweeper(
    IServiceScopeFactory scopes, DatabaseReadiness database, IOptions<AttachmentOptions> options, TimeProvider time,
    ILogger<AttachmentSweeper> logger)
    : PeriodicSweeper(scopes, database, time)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override Task<int> SweepAsync(IServiceProvider services, CancellationToken cancellationToken)
        => services.GetRequiredService<AttachmentCleanup>().SweepAsync(cancellationToken);

    protected override void Swept(int count) => LogSwept(count);

    protected override void SweepFailed(Exception failure) => LogSweepFailed(failure.GetType().Name, failure.Message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} uploads no message refers to")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep for unreferenced uploads failed ({ErrorType}): {Reason}")]
    private partial void LogSweepFailed(string errorType, string reason);
}
