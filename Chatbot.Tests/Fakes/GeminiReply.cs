using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Tests.Fakes;

/// <summary>What the fake Gemini answers to one call, in Gemini's real wire format.</summary>
public abstract record GeminiReply
{
    public static GeminiReply Text(string text, string finishReason = "STOP") => new Candidate([text], finishReason);

    public static GeminiReply MultiPart(params string[] parts) => new Candidate(parts, "STOP");

    /// <summary>A prompt refused outright: HTTP 200, <c>promptFeedback.blockReason</c>, no candidates.</summary>
    public static GeminiReply Blocked(string reason) => new Raw(200, new { promptFeedback = new { blockReason = reason } });

    /// <summary>An answer withheld: a candidate whose finishReason is SAFETY or the like, with no text.</summary>
    public static GeminiReply Withheld(string reason) => new Raw(200, new
    {
        candidates = new[] { new { finishReason = reason, index = 0 } },
        usageMetadata = new { promptTokenCount = 5, totalTokenCount = 5 },
    });

    public static GeminiReply Error(int status, string googleStatus, string? retryDelay = null, string? reason = null)
    {
        var details = new List<object>();
        if (retryDelay is not null)
        {
            details.Add(new Dictionary<string, object> { ["@type"] = "type.googleapis.com/google.rpc.RetryInfo", ["retryDelay"] = retryDelay });
        }

        if (reason is not null)
        {
            details.Add(new Dictionary<string, object> { ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo", ["reason"] = reason, ["domain"] = "googleapis.com" });
        }

        return new Raw(status, new { error = new { code = status, message = $"Fake {googleStatus}", status = googleStatus, details } });
    }

    public static GeminiReply Stream(IReadOnlyList<string> chunks, TimeSpan delayBetween = default) => new Streamed(chunks, delayBetween);

    /// <summary>A stream whose last chunk waits until <paramref name="release"/> completes (or the caller hangs up).</summary>
    public static GeminiReply StreamHoldingLast(IReadOnlyList<string> chunks, Task release, TimeSpan delayBetween = default)
        => new Streamed(chunks, delayBetween) { HoldLast = release };

    /// <summary>Some chunks, then an SSE event carrying an <c>error</c> object, as Google ends a failed stream.</summary>
    public static GeminiReply StreamThenError(IReadOnlyList<string> chunks, int status, string googleStatus)
        => new Streamed(chunks, TimeSpan.Zero, new { error = new { code = status, message = $"Fake {googleStatus}", status = googleStatus } });

    /// <summary>Called after each SSE chunk is flushed; the server counts them so tests can see what has been sent.</summary>
    internal const string ChunkSentKey = "fake-gemini-chunk-sent";

    public static GeminiReply Delayed(TimeSpan delay, GeminiReply then) => new Delay(delay, then);

    internal abstract Task WriteAsync(HttpContext context, RecordedGeminiRequest request);

    internal static object CandidateBody(IEnumerable<string> parts, string? finishReason, string model, bool withUsage) => new
    {
        candidates = new[]
        {
            new
            {
                content = new { role = "model", parts = parts.Select(text => new { text }).ToArray() },
                finishReason,
                index = 0,
            },
        },
        usageMetadata = withUsage ? new { promptTokenCount = 11, candidatesTokenCount = 7, totalTokenCount = 18 } : null,
        modelVersion = model,
    };

    private static Task WriteJsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), Encoding.UTF8);
    }

    private sealed record Candidate(IReadOnlyList<string> Parts, string FinishReason) : GeminiReply
    {
        internal override Task WriteAsync(HttpContext context, RecordedGeminiRequest request)
            => request.Method == "streamGenerateContent"
                ? new Streamed(Parts, TimeSpan.Zero, null).WriteAsync(context, request)
                : WriteJsonAsync(context, 200, CandidateBody(Parts, FinishReason, request.Model, withUsage: true));
    }

    private sealed record Raw(int Status, object Body) : GeminiReply
    {
        internal override Task WriteAsync(HttpContext context, RecordedGeminiRequest request) => WriteJsonAsync(context, Status, Body);
    }

    private sealed record Delay(TimeSpan Wait, GeminiReply Then) : GeminiReply
    {
        internal override async Task WriteAsync(HttpContext context, RecordedGeminiRequest request)
        {
            await Task.Delay(Wait, context.RequestAborted);
            await Then.WriteAsync(context, request);
        }
    }

    /// <summary>Server-Sent Events as Google frames them: <c>data: {json}</c>, CRLF line ends, no [DONE]; usage on the last.</summary>
    private sealed record Streamed(IReadOnlyList<string> Chunks, TimeSpan DelayBetween, object? ErrorAtEnd = null) : GeminiReply
    {
        public Task? HoldLast { get; init; }

        internal override async Task WriteAsync(HttpContext context, RecordedGeminiRequest request)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/event-stream";
            for (var i = 0; i < Chunks.Count; i++)
            {
                if (i > 0 && DelayBetween > TimeSpan.Zero)
                {
                    await Task.Delay(DelayBetween, context.RequestAborted);
                }

                if (i == Chunks.Count - 1 && HoldLast is not null)
                {
                    await HoldLast.WaitAsync(context.RequestAborted);
                }

                var last = i == Chunks.Count - 1 && ErrorAtEnd is null;
                var body = CandidateBody([Chunks[i]], last ? "STOP" : null, request.Model, withUsage: last);
                await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(body)}\r\n\r\n", Encoding.UTF8);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                (context.Items[ChunkSentKey] as Action)?.Invoke();
            }

            if (ErrorAtEnd is not null)
            {
                await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(ErrorAtEnd)}\r\n\r\n", Encoding.UTF8);
            }
        }
    }
}
