using System.Text.Json;
using Chatbot.Core.Chats;
using Chatbot.Core.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Chatbot.Functions.Completions;

/// <summary>How a <c>/v1/</c> answer ended, from the run's last event: a blocked answer is a completion that ended in <c>content_filter</c>.</summary>
internal static class CompletionEnding
{
    /// <summary>The stored message of an answer that ended, or null for a failure (its problem then tells).</summary>
    public static MessageDto? Answered(MessageEvent item) => item switch
    {
        MessageEvent.Completed completed => completed.Message,
        MessageEvent.Failed { Message.Status: "blocked" } blocked => blocked.Message,
        _ => null,
    };

    /// <summary>The whole answer once it has ended; a failure is thrown as its problem, which becomes OpenAI's error.</summary>
    public static async Task<MessageDto> AwaitAsync(AnswerRun run, CancellationToken readerGone)
    {
        MessageEvent? last = null;
        await foreach (var item in run.ReadAllAsync(readerGone))
        {
            last = item;
        }

        return last is null ? throw new InvalidOperationException("The answer ended without saying how.")
            : Answered(last) ?? throw ((MessageEvent.Failed)last).Problem;
    }
}

/// <summary>A <c>chat.completion</c>.</summary>
internal sealed class CompletionResult(CompletionWire wire, MessageDto message) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(httpContext.Response.Body);
        wire.WriteCompletion(writer, message);
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}

/// <summary>
/// A streamed completion as OpenAI sends it: <c>data:</c> lines of <c>chat.completion.chunk</c>s (the role first,
/// then the text as it comes, then the finish reason; the usage last when asked), then <c>data: [DONE]</c>. Each
/// chunk is flushed as it is written. A failure after the stream began is sent as an <c>error</c> object, as OpenAI does.
/// </summary>
internal sealed class CompletionStreamResult(AnswerRun run, CompletionWire wire, bool includeUsage) : IResult
{
    private static readonly byte[] Data = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var body = response.Body;
        var aborted = httpContext.RequestAborted;
        try
        {
            await foreach (var item in run.ReadAllAsync(aborted))
            {
                switch (item)
                {
                    case MessageEvent.Started:
                        await WriteAsync(body, writer => wire.WriteChunk(writer, "assistant", "", null, includeUsage), aborted);
                        break;
                    case MessageEvent.Delta delta:
                        await WriteAsync(body, writer => wire.WriteChunk(writer, null, delta.Text, null, includeUsage), aborted);
                        break;
                    case var ending when CompletionEnding.Answered(ending) is { } message:
                        await WriteAsync(body, writer => wire.WriteChunk(writer, null, null, CompletionWire.FinishReason(message), includeUsage), aborted);
                        if (includeUsage)
                        {
                            await WriteAsync(body, writer => wire.WriteUsageChunk(writer, message), aborted);
                        }

                        await body.WriteAsync(Done, aborted);
                        await body.FlushAsync(aborted);
                        break;
                    case MessageEvent.Failed failed:
                        await WriteAsync(body, writer =>
                        {
                            writer.WriteStartObject();
                            OpenAiErrorResult.From(failed.Problem).Write(writer);
                            writer.WriteEndObject();
                        }, aborted);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The reader left. The answer is still completed and settled; nothing more to send.
        }
    }

    private static async Task WriteAsync(Stream body, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        await body.WriteAsync(Data, cancellationToken);
        await using (var writer = new Utf8JsonWriter(body))
        {
            write(writer);
        }

        await body.WriteAsync(EventEnd, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }
}

/// <summary><c>GET /v1/models</c>: <c>{"object": "list", "data": [...]}</c>.</summary>
internal sealed class ModelsResult(IReadOnlyList<ModelDescriptor> models, long created) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(httpContext.Response.Body);
        CompletionWire.WriteModels(writer, models, created);
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
