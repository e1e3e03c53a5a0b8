using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Core.Chats;

/// <summary>
/// How a stop reaches an answer being generated: the request is written to the message's row, because it may arrive
/// at another instance than the one generating, and the generator polls the row for it.
/// </summary>
public sealed class StopSignal(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Asks to stop the message's answer if it is streaming; a finished one is left as it is.</summary>
    internal Task RequestAsync(ChatbotDbContext db, long sessionId, long messageId, CancellationToken cancellationToken)
        => db.Messages
            .Where(message => message.Id == messageId && message.SessionId == sessionId && message.Status == MessageStatus.Streaming)
            .ExecuteUpdateAsync(Message.StopRequested(Timestamps.Truncate(time.GetUtcNow())), cancellationToken);

    /// <summary>Cancels <paramref name="stop"/> once a stop is requested for the message; ends when it is cancelled.</summary>
    internal async Task WatchAsync(long messageId, CancellationTokenSource stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatbotDbContext>();
        using var timer = new PeriodicTimer(PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                if (await db.Messages.AnyAsync(message => message.Id == messageId && message.StopRequestedAt != null, stop.Token))
                {
                    await stop.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The answer ended, or was stopped: nothing more to watch.
        }
    }
}
