using Chatbot.Core.Data;
using Chatbot.Core.Gemini;
using Chatbot.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chatbot.Core.Chats;

/// <summary>
/// Answers an admitted prompt, from the model's call to the settled reservation: the heartbeat, the text as it arrives,
/// how the message ends, the usage it settles, telemetry, and the session's title. Streamed or not, every answer
/// ends through <see cref="FinishAsync"/>. From here on the prompt is stored and the answer belongs to the user: a
/// caller that hangs up cancels neither the model nor the save, so the run has its own scope and no caller's token.
/// </summary>
public sealed partial class AnswerRunner(
    IServiceScopeFactory scopes,
    IChatClient chat,
    AnswerHeartbeat heartbeat,
    SessionTitler titler,
    TimeProvider time,
    ILogger<AnswerRunner> logger)
{
    /// <summary>Starts answering; the run's events tell the caller how it goes.</summary>
    internal AnswerRun Start(AdmittedAnswer answer)
    {
        var run = new AnswerRun(answer.Show(), answer.Streamed);
        _ = Task.Run(() => RunAsync(answer, run), CancellationToken.None);
        return run;
    }

    private async Task RunAsync(AdmittedAnswer answer, AnswerRun run)
    {
        Exception? crash = null;
        try
        {
            await FinishAsync(answer, run);
        }
        catch (Exception failure)
        {
            // The message stays in progress until the sweeper marks it interrupted, as if this instance had vanished.
            LogCrashed(failure, answer.Message.Id);
            crash = failure;
        }
        finally
        {
            // Whatever happened, the caller is never left waiting.
            run.End(crash);
        }
    }

    private async Task FinishAsync(AdmittedAnswer answer, AnswerRun run)
    {
        // The request that admitted the answer handed over its rows; they are written here, not read again.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatbotDbContext>();
        var (message, reservation) = (answer.Message, answer.Reservation);
        db.Attach(message);
        db.Attach(reservation);

        var ending = await GenerateAsync(answer, run);
        var (promptTokens, responseTokens) = Spent(answer);
        reservation.Settle(promptTokens, responseTokens, time.GetDatabaseNow());
        if (answer.Plan.DiscardsSession)
        {
            // The session existed for this answer only: it goes, its message with it, in the save that settles the
            // reservation (which stays), so the caller hears the answer no later than a kept one.
            db.Remove(new ChatSession { Id = message.SessionId, UserId = answer.UserId });
        }

        await db.SaveChangesAsync(CancellationToken.None);
        ChatTelemetry.AnswerEnded(message.Status);
        run.Write(ending);
        if (answer.Plan.NamesTheSession && message.Status is MessageStatus.Complete or MessageStatus.Truncated)
        {
            titler.Start(answer.UserId, message.SessionId, answer.Plan.Model, message.Prompt);
        }
    }

    /// <summary>Asks the model, records on the message how the answer ended, and returns the event that says so.</summary>
    private async Task<MessageEvent> GenerateAsync(AdmittedAnswer answer, AnswerRun run)
    {
        var (message, plan) = (answer.Message, answer.Plan);
        var received = new StreamedAnswer();
        // It beats while the model thinks, so that the answer is not taken for abandoned; the beat also notices a stop.
        using var stop = new CancellationTokenSource();
        var beats = heartbeat.BeatAsync(message.Id, () => received.Text, stop);
        try
        {
            if (answer.Streamed)
            {
                await foreach (var update in chat.GetStreamingResponseAsync(plan.Messages(), plan.Options(), stop.Token))
                {
                    if (received.Add(update) is { } delta)
                    {
                        run.Write(new MessageEvent.Delta(delta, received.Length));
                    }
                }

                message.Finish(received.ToAnswer(), time.GetDatabaseNow());
            }
            else
            {
                // Only a streamed answer can be stopped: the user has no partial answer to keep otherwise.
                var response = await chat.GetResponseAsync(plan.Messages(), plan.Options(), CancellationToken.None);
                message.Finish(GeneratedAnswer.From(response), time.GetDatabaseNow());
            }

            return new MessageEvent.Completed(answer.Show());
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            message.Stop(received.ToAnswer(), time.GetDatabaseNow());
            return new MessageEvent.Completed(answer.Show());
        }
        catch (GeminiException failure)
        {
            message.Fail(GeminiProblems.ErrorCode(failure.Failure), failure.Failure == GeminiFailure.Blocked, failure.BlockReason,
                failure.PartialText ?? received.Text, time.GetDatabaseNow());
            return new MessageEvent.Failed(GeminiProblems.ToProblem(failure, plan.DiscardsSession ? null : message.Id), answer.Show());
        }
        finally
        {
            await stop.CancelAsync();
            await beats;
        }
    }

    /// <summary>
    /// What the answer cost: what the model reported, and when it reported nothing, an estimate of what it read and
    /// produced. The model reports usage with its last piece, so an answer stopped or cut off before then has no report,
    /// yet the model read the whole input and produced every character the user kept. A failure before any text costs
    /// what the model reported: nothing, as a rule.
    /// </summary>
    private static (int? Prompt, int? Response) Spent(AdmittedAnswer answer)
    {
        var message = answer.Message;
        var producedNothing = message.Response.Length == 0 && message.Status is MessageStatus.Failed or MessageStatus.Blocked;
        return message.ResponseTokens is not null || producedNothing
            ? (message.PromptTokens, message.ResponseTokens)
            : (message.PromptTokens ?? answer.Plan.InputTokens, TokenCost.Estimate(message.Response));
    }


    [LoggerMessage(Level = LogLevel.Error, Message = "The answer to message {MessageId} failed before it was stored.")]
    private partial void LogCrashed(Exception failure, long messageId);
}
