using System.Buffers;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Chatbot.Core.Chats;
using Chatbot.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Chatbot.Functions.Chats;

/// <summary>
/// A streamed answer as Server-Sent Events: <c>message</c> (the stored prompt), <c>delta</c> for each piece,
/// then <c>done</c> or <c>error</c>. Every event is flushed as it is written: nothing waits in a buffer.
/// </summary>
internal sealed class MessageEventStreamResult(IAsyncEnumerable<MessageEvent> events) : IResult
{
    private const string MediaType = "text/event-stream";

    public static bool IsWanted(HttpRequest request)
        => request.Headers.Accept.Any(accept => accept?.Contains(MediaType, StringComparison.OrdinalIgnoreCase) == true);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = $"{MediaType}; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(httpContext.RequestAborted);

        try
        {
            await SseFormatter.WriteAsync(
                FlushedOneByOne(events, response.Body, httpContext.RequestAborted), response.Body, WriteData, httpContext.RequestAborted);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The reader left. The answer is still being completed and stored; nothing more to send.
        }
    }

    /// <summary>
    /// SseFormatter writes each event but does not flush it. The formatter asks for the next event only after it
    /// has written the last, so flushing there, before waiting for Gemini's next piece, sends every event at once.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<MessageEvent>> FlushedOneByOne(
        IAsyncEnumerable<MessageEvent> source, Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in source.WithCancellation(cancellationToken))
        {
            // A delta's id is where it ends in the answer: a reader that reconnects sends it back as Last-Event-ID.
            yield return new SseItem<MessageEvent>(item, EventName(item)) { EventId = item is MessageEvent.Delta delta ? delta.EndOffset.ToString(CultureInfo.InvariantCulture) : null };
            await body.FlushAsync(cancellationToken);
        }
    }

    private static string EventName(MessageEvent item) => item switch
    {
        MessageEvent.Started => "message",
        MessageEvent.Delta => "delta",
        MessageEvent.Completed => "done",
        MessageEvent.Failed => "error",
        _ => throw new InvalidOperationException($"Unknown event {item.GetType().Name}."),
    };

    private static void WriteData(SseItem<MessageEvent> item, IBufferWriter<byte> buffer)
    {
        using var writer = new Utf8JsonWriter(buffer);
        switch (item.Data)
        {
            case MessageEvent.Started started:
                JsonSerializer.Serialize(writer, started.Message, ApiJsonContext.Default.MessageDto);
                break;
            case MessageEvent.Delta delta:
                JsonSerializer.Serialize(writer, new DeltaEvent(delta.Text), ApiJsonContext.Default.DeltaEvent);
                break;
            case MessageEvent.Completed completed:
                JsonSerializer.Serialize(writer, completed.Message, ApiJsonContext.Default.MessageDto);
                break;
            case MessageEvent.Failed failed:
                ProblemResult.From(failed.Problem).Write(writer);
                break;
        }
    }
}

internal sealed record DeltaEvent(string Text);
