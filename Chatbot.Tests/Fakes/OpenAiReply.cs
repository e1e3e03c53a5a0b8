using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Tests.Fakes;

/// <summary>What the fake OpenAI answers to one Chat Completions call, in OpenAI's real wire format, JSON or SSE as asked.</summary>
public abstract record OpenAiReply
{
    public const int PromptTokens = 13;

    public const int CompletionTokens = 5;

    /// <summary>An answer in one piece; streamed (in one chunk) when the call asked for a stream.</summary>
    public static OpenAiReply Text(string text, string finishReason = "stop") => new Streamed([text], TimeSpan.Zero, finishReason);

    /// <summary>Chunks of one answer, <paramref name="delayBetween"/> apart; one piece when the call did not stream.</summary>
    public static OpenAiReply Stream(IReadOnlyList<string> chunks, TimeSpan delayBetween = default) => new Streamed(chunks, delayBetween, "stop");

    /// <summary>The content filter stopped the answer: <c>finish_reason: content_filter</c>, after any text it let through.</summary>
    public static OpenAiReply ContentFiltered(params string[] chunks) => new Streamed(chunks, TimeSpan.Zero, "content_filter");

    /// <summary>An OpenAI error body with <paramref name="status"/>, and <c>Retry-After</c> when given.</summary>
    public static OpenAiReply Error(int status, string type, string? code = null, int? retryAfterSeconds = null)
        => new Failure(status, type, code, retryAfterSeconds);

    public static OpenAiReply Delayed(TimeSpan delay, OpenAiReply then) => new Delay(delay, then);

    internal abstract Task WriteAsync(HttpContext context, RecordedOpenAiRequest request, Action chunkSent);

    private static Task WriteJsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), Encoding.UTF8);
    }

    private static object Usage => new { prompt_tokens = PromptTokens, completion_tokens = CompletionTokens, total_tokens = PromptTokens + CompletionTokens };

    private sealed record Failure(int Status, string Type, string? Code, int? RetryAfterSeconds) : OpenAiReply
    {
        internal override Task WriteAsync(HttpContext context, RecordedOpenAiRequest request, Action chunkSent)
        {
            if (RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return WriteJsonAsync(context, Status, new { error = new { message = $"Fake {Type}", type = Type, param = (string?)null, code = Code } });
        }
    }

    private sealed record Delay(TimeSpan Wait, OpenAiReply Then) : OpenAiReply
    {
        internal override async Task WriteAsync(HttpContext context, RecordedOpenAiRequest request, Action chunkSent)
        {
            await Task.Delay(Wait, context.RequestAborted);
            await Then.WriteAsync(context, request, chunkSent);
        }
    }

    /// <summary>
    /// A completion: one <c>chat.completion</c> object, or <c>chat.completion.chunk</c> events (the role first, then the
    /// text, then the finish reason, then usage when <c>stream_options.include_usage</c> asked for it) and
    /// <c>data: [DONE]</c>.
    /// </summary>
    private sealed record Streamed(IReadOnlyList<string> Chunks, TimeSpan DelayBetween, string FinishReason) : OpenAiReply
    {
        internal override async Task WriteAsync(HttpContext context, RecordedOpenAiRequest request, Action chunkSent)
        {
            var id = $"chatcmpl-{Guid.NewGuid():N}";
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (!request.Stream)
            {
                await WriteJsonAsync(context, 200, new
                {
                    id,
                    @object = "chat.completion",
                    created,
                    model = request.Model,
                    choices = new[] { new { index = 0, message = new { role = "assistant", content = string.Concat(Chunks) }, finish_reason = FinishReason } },
                    usage = Usage,
                });
                return;
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/event-stream";
            async Task SendAsync(object? delta, string? finishReason, bool usage = false)
            {
                object?[] choices = delta is null && finishReason is null ? [] : [new { index = 0, delta = delta ?? new { }, finish_reason = finishReason }];
                var chunk = new { id, @object = "chat.completion.chunk", created, model = request.Model, choices, usage = usage ? Usage : null };
                await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n", Encoding.UTF8);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }

            await SendAsync(new { role = "assistant", content = "" }, null);
            for (var i = 0; i < Chunks.Count; i++)
            {
                if (i > 0 && DelayBetween > TimeSpan.Zero)
                {
                    await Task.Delay(DelayBetween, context.RequestAborted);
                }

                await SendAsync(new { content = Chunks[i] }, null);
                chunkSent();
            }

            await SendAsync(null, FinishReason);
            if (request.IncludeUsage)
            {
                await SendAsync(null, null, usage: true);
            }

            await context.Response.WriteAsync("data: [DONE]\n\n", Encoding.UTF8);
        }
    }
}
