using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Core.Chats;

/// <summary>
/// While an answer is generated, its generator beats once a second: one UPDATE that stores the text so far and the
/// time, and matches only while the answer is in progress and nobody asked to stop it. The beat is the stop poll as
/// well, so an answer costs one statement a second: when a beat matches no row, the user asked to stop (on any
/// instance), or the answer was swept, and generation ends. A vanished instance's answers stop beating, and
/// <see cref="AbandonedAnswers"/> marks them interrupted within seconds.
/// </summary>
public sealed class AnswerHeartbeat(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Asks to stop the message's answer if it is streaming; the next beat of its generator notices.</summary>
    internal Task RequestStopAsync(ChatbotDbContext db, long sessionId, long messageId, CancellationToken cancellationToken)
        => db.Messages
            .Where(message => message.Id == messageId && message.SessionId == sessionId && message.Status == MessageStatus.Streaming)
            .ExecuteUpdateAsync(Message.StopRequested(time.GetDatabaseNow()), cancellationToken);

    /// <summary>
    /// Beats until <paramref name="stop"/> is cancelled, and cancels it when a beat finds the answer stopped or gone.
    /// A failed beat (the database briefly away) is not an end: the next one tries again.
    /// </summary>
    internal async Task BeatAsync(long messageId, Func<string> textSoFar, CancellationTokenSource stop)
    {
        // The end of an answer ends the timer rather than cancelling the wait: every message ends its heartbeat, and an
        // OperationCanceledException each time was one exception thrown per message. Most answers that are not
        // streamed end before the first beat, so the database context is only taken for one that is due.
        using var timer = new PeriodicTimer(Interval, time);
        await using var ending = stop.Token.Register(timer.Dispose);
        AsyncServiceScope? scope = null;
        try
        {
            while (await timer.WaitForNextTickAsync())
            {
                scope ??= scopes.CreateAsyncScope();
                var db = scope.Value.ServiceProvider.GetRequiredService<ChatbotDbContext>();
                if (await TryBeatAsync(db, messageId, textSoFar(), stop.Token) == false)
                {
                    await stop.CancelAsync();
                }
            }
        }
        finally
        {
            if (scope is { } taken)
            {
                await taken.DisposeAsync();
            }
        }
    }

    /// <summary>True: beating on; false: stopped or gone; null: the beat itself failed.</summary>
    private async Task<bool?> TryBeatAsync(ChatbotDbContext db, long messageId, string text, CancellationToken cancellationToken)
    {
        try
        {
            return await db.Messages
                .Where(MessageStatuses.InProgress)
                .Where(message => message.Id == messageId && message.StopRequestedAt == null)
                .ExecuteUpdateAsync(Message.Heartbeat(text, time.GetDatabaseNow()), cancellationToken) > 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The answer ended during the beat; the timer has ended too, so there is no next one.
            return null;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            return null;
        }
    }

}
