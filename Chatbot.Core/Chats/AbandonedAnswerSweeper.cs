using Chatbot.Core.Data;
using Chatbot.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chatbot.Core.Chats;

/// <summary>
/// Runs <see cref="AbandonedAnswers"/> every 5 s in every instance that is up. Instances only run while requests
/// come, which is when somebody could see a stuck answer; the sweep is one UPDATE on a tiny index.
/// </summary>
public sealed partial class AbandonedAnswerSweeper(
    IServiceScopeFactory scopes, DatabaseReadiness database, TimeProvider time, ILogger<AbandonedAnswerSweeper> logger)
    : PeriodicSweeper(scopes, database, time)
{
    protected override TimeSpan Interval { get; } = TimeSpan.FromSeconds(5);

    protected override Task<int> SweepAsync(IServiceProvider services, CancellationToken cancellationToken)
        => services.GetRequiredService<AbandonedAnswers>().SweepAsync(cancellationToken);

    protected override void Swept(int count) => LogSwept(count);

    protected override void SweepFailed(Exception failure) => LogSweepFailed(failure.GetType().Name, failure.Message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marked {Count} abandoned answers as interrupted")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep for abandoned answers failed ({ErrorType}): {Reason}")]
    private partial void LogSweepFailed(string errorType, string reason);
}
