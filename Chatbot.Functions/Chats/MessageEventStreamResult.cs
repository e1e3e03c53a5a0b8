using System.Text;
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
            await foreach (var item in events.WithCancellation(httpContext.RequestAborted))
            {
                var (name, data) = Frame(item);
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"event: {name}\ndata: {data}\n\n"), httpContext.RequestAborted);
                await response.Body.FlushAsync(httpContext.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The reader left. The answer is still being completed and stored; nothing more to send.
        }
    }

    private static (string Name, string Data) Frame(MessageEvent item) => item switch
    {
        MessageEvent.Started started => ("message", JsonSerializer.Serialize(started.Message, ApiJsonContext.Default.MessageDto)),
        MessageEvent.Delta delta => ("delta", JsonSerializer.Serialize(new DeltaEvent(delta.Text), ApiJsonContext.Default.DeltaEvent)),
        MessageEvent.Completed completed => ("done", JsonSerializer.Serialize(completed.Message, ApiJsonContext.Default.MessageDto)),
        MessageEvent.Failed failed => ("error", ProblemResult.From(failed.Problem).ToJson()),
        _ => throw new InvalidOperationException($"Unknown event {item.GetType().Name}."),
    };
}

internal sealed record DeltaEvent(string Text);
