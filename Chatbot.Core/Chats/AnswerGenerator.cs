using System.Threading.Channels;
using Chatbot.Core.Data;
using Chatbot.Core.Gemini;
using Chatbot.Core.Telemetry;
using Chatbot.Core.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Core.Chats;

/// <summary>
/// Gets Gemini's answer to a stored prompt and records it on the message. From here on the prompt is stored and the
/// answer belongs to the user: a caller that hangs up cancels neither Gemini nor the save, so no token of the caller's
/// is passed on. However the answer ends, its reservation in the usage ledger is settled to what Gemini reported.
/// </summary>
public sealed class AnswerGenerator(
    ChatbotDbContext db,
    IChatClient chat,
    IServiceScopeFactory scopes,
    AnswerHeartbeat heartbeat,
    SessionTitler titler,
    TimeProvider time)
{
    /// <summary>The whole answer in one call, within the request; a failure is stored, then thrown as a problem.</summary>
    internal async Task<MessageDto> AnswerAsync(PreparedAnswer prepared)
    {
        var (message, conversation, reservation, _) = prepared;
        // It beats while Gemini thinks, so that it is not taken for abandoned; a stop does not apply to it.
        using var beating = new CancellationTokenSource();
        var beats = heartbeat.BeatAsync(message.Id, static () => "", beating);
        try
        {
            var response = await chat.GetResponseAsync(conversation.Messages, conversation.Options, CancellationToken.None);
            message.Finish(GeneratedAnswer.From(response), Now());
        }
        catch (GeminiException failure)
        {
            Fail(message, failure, partialText: "");
            Settle(reservation, message);
            await db.SaveChangesAsync(CancellationToken.None);
            ChatTelemetry.AnswerEnded(message.Status);
            throw GeminiProblems.ToProblem(failure, message.Id);
        }
        finally
        {
            await beating.CancelAsync();
            await beats;
        }

        Settle(reservation, message);
        await db.SaveChangesAsync(CancellationToken.None);
        ChatTelemetry.AnswerEnded(message.Status);
        NameIfFirst(conversation, reservation.UserId, message);
        return prepared.Show();
    }

    /// <summary>
    /// Streams the answer. Generation runs on its own, not tied to the reader: if the reader goes away
    /// (<paramref name="readerGone"/>), the answer is still completed and stored, and the message list shows it.
    /// </summary>
    internal IAsyncEnumerable<MessageEvent> Stream(PreparedAnswer prepared, CancellationToken readerGone)
    {
        var events = Channel.CreateUnbounded<MessageEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        events.Writer.TryWrite(new MessageEvent.Started(prepared.Show()));
        _ = Task.Run(() => GenerateAsync(prepared, events.Writer), CancellationToken.None);
        return events.Reader.ReadAllAsync(readerGone);
    }

    private async Task GenerateAsync(PreparedAnswer prepared, ChannelWriter<MessageEvent> events)
    {
        var conversation = prepared.Conversation;
        try
        {
            // The request's scope ends with the request; the answer outlives it, so it gets a scope of its own.
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<ChatbotDbContext>();
            var message = await store.Messages.SingleAsync(row => row.Id == prepared.Message.Id);
            var reservation = await store.UsageLedger.SingleAsync(row => row.Id == prepared.Reservation.Id);
            var ending = await ReceiveAsync(prepared with { Message = message, Reservation = reservation }, events);
            Settle(reservation, message);
            await store.SaveChangesAsync(CancellationToken.None);
            ChatTelemetry.AnswerEnded(message.Status);
            events.TryWrite(ending);
            if (message.Status is MessageStatus.Complete or MessageStatus.Truncated)
            {
                NameIfFirst(conversation, reservation.UserId, message);
            }
        }
        finally
        {
            // Whatever happened, the reader is never left waiting.
            events.TryComplete();
        }
    }

    /// <summary>Passes each piece on as it arrives, records how the answer ended, and returns the event that says so.</summary>
    private async Task<MessageEvent> ReceiveAsync(PreparedAnswer prepared, ChannelWriter<MessageEvent> events)
    {
        var (message, conversation, _, _) = prepared;
        var answer = new StreamedAnswer();
        using var stop = new CancellationTokenSource();
        var beats = heartbeat.BeatAsync(message.Id, () => answer.Text, stop);
        try
        {
            await foreach (var update in chat.GetStreamingResponseAsync(conversation.Messages, conversation.Options, stop.Token))
            {
                if (answer.Add(update) is { } delta)
                {
                    events.TryWrite(new MessageEvent.Delta(delta, answer.Length));
                }
            }

            message.Finish(answer.ToAnswer(), Now());
            return new MessageEvent.Completed(prepared.Show());
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            message.Stop(answer.ToAnswer(), Now());
            return new MessageEvent.Completed(prepared.Show());
        }
        catch (GeminiException failure)
        {
            Fail(message, failure, failure.PartialText ?? answer.Text);
            return new MessageEvent.Failed(GeminiProblems.ToProblem(failure, message.Id), prepared.Show());
        }
        finally
        {
            await stop.CancelAsync();
            await beats;
        }
    }

    private void Fail(Message message, GeminiException failure, string partialText) => message.Fail(
        GeminiProblems.ErrorCode(failure.Failure), failure.Failure == GeminiFailure.Blocked, failure.BlockReason, partialText, Now());

    /// <summary>What the message recorded from Gemini is what is spent; a failure recorded nothing, so costs 0.</summary>
    private void Settle(UsageEntry reservation, Message message)
        => reservation.Settle(message.PromptTokens, message.ResponseTokens, Now());

    /// <summary>A session's first answer is what an untitled session is named after.</summary>
    private void NameIfFirst(Conversation conversation, long userId, Message message)
    {
        if (conversation.NamesTheSession)
        {
            titler.Start(userId, message.SessionId, message.Prompt);
        }
    }

    private DateTime Now() => Timestamps.Truncate(time.GetUtcNow());
}
