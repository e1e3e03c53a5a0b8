using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Chatbot.Core.Gemini;

/// <summary>
/// Gemini's REST API (v1beta) as an <see cref="IChatClient"/>, on HttpClient: no SDK is needed. Every failure
/// surfaces as a <see cref="GeminiException"/> whose kind the caller maps to an answer.
/// </summary>
public sealed partial class GeminiChatClient(
    IHttpClientFactory httpClients,
    IOptions<GeminiOptions> options,
    TimeProvider time,
    ILogger<GeminiChatClient> logger) : IChatClient
{
    /// <summary>With retries and timeouts, for one-shot calls.</summary>
    internal const string HttpClientName = "gemini";

    /// <summary>Without retries: a stream that has begun must not start again behind the reader's back.</summary>
    internal const string StreamingHttpClientName = "gemini-streaming";

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        var model = chatOptions?.ModelId ?? options.Value.Model;
        using var request = CreateRequest(messages, chatOptions, model, "generateContent");
        using var response = await SendAsync(HttpClientName, request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await ReadAsync(response.Content, cancellationToken);
        var (text, finishReason) = GeminiWireMapping.ReadAnswer(body, answerSoFar: null);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            FinishReason = GeminiWireMapping.ToFinishReason(finishReason),
            ModelId = body.ModelVersion ?? model,
            CreatedAt = time.GetUtcNow(),
            Usage = GeminiWireMapping.ToUsage(body.UsageMetadata),
            // Google's own finish reason travels in the wire record: see GeminiFinishReason.
            RawRepresentation = body,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var model = chatOptions?.ModelId ?? options.Value.Model;
        using var request = CreateRequest(messages, chatOptions, model, "streamGenerateContent?alt=sse");

        // A stream has no retries to bound it, so it gets a deadline of its own, on the wall clock.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.StreamTimeout);
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(StreamingHttpClientName, request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        }
        catch (OperationCanceledException late) when (!cancellationToken.IsCancellationRequested)
        {
            throw Logged(new GeminiException(GeminiFailure.Timeout, "Gemini's stream did not finish in time.", late));
        }

        using var answered = response;
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);

        // SseParser takes CRLF (what Google sends), LF and CR line ends alike, and joins an event's data lines with "\n".
        var parser = SseParser.Create(body, static (_, data) => data.ToArray());
        await using var events = parser.EnumerateAsync(deadline.Token).GetAsyncEnumerator(deadline.Token);
        var answer = new StringBuilder();
        while (await NextEventAsync(events, answer, cancellationToken) is { } data)
        {
            GenerateContentResponse chunk;
            try
            {
                chunk = JsonSerializer.Deserialize(data, GeminiJsonContext.Default.GenerateContentResponse)
                    ?? throw new JsonException("An empty event.");
            }
            catch (JsonException malformed)
            {
                throw GeminiErrors.Malformed(malformed, answer.ToString());
            }

            if (chunk.Error is { } error)
            {
                throw Logged(GeminiErrors.FromStatus((System.Net.HttpStatusCode)error.Code, error, null, answer.ToString()));
            }

            var (delta, finishReason) = GeminiWireMapping.ReadAnswer(chunk, answer);
            answer.Append(delta);
            var update = new ChatResponseUpdate(ChatRole.Assistant, delta)
            {
                ModelId = chunk.ModelVersion ?? model,
                CreatedAt = time.GetUtcNow(),
                FinishReason = GeminiWireMapping.ToFinishReason(finishReason),
                RawRepresentation = chunk,
            };
            if (GeminiWireMapping.ToUsage(chunk.UsageMetadata) is { } usage)
            {
                update.Contents.Add(new UsageContent(usage));
            }

            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("gemini", new Uri(options.Value.BaseUrl), options.Value.Model)
            : serviceType.IsInstanceOfType(this) ? this
            : null;

    public void Dispose()
    {
    }

    private HttpRequestMessage CreateRequest(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions, string model, string method)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            throw new GeminiException(GeminiFailure.NotConfigured, "No Gemini API key is configured (Gemini:ApiKey or GEMINI_API_KEY).");
        }

        var body = GeminiWireMapping.ToRequest(messages, chatOptions, settings);
        return GeminiRequest.Create(
            settings, HttpMethod.Post, model, $":{method}", GeminiRequest.Json(body, GeminiJsonContext.Default.GenerateContentRequest));
    }

    private async Task<HttpResponseMessage> SendAsync(
        string clientName, HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(clientName).SendAsync(request, completion, cancellationToken);
        }
        catch (TimeoutRejectedException timeout)
        {
            throw Logged(new GeminiException(GeminiFailure.Timeout, "Gemini did not answer in time.", timeout));
        }
        catch (TaskCanceledException timeout) when (!cancellationToken.IsCancellationRequested)
        {
            throw Logged(new GeminiException(GeminiFailure.Timeout, "Gemini did not answer in time.", timeout));
        }
        catch (HttpRequestException unreachable)
        {
            throw Logged(new GeminiException(GeminiFailure.BadGateway, $"Gemini could not be reached ({unreachable.HttpRequestError}).", unreachable));
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            GeminiError? error = null;
            try
            {
                error = (await response.Content.ReadFromJsonAsync(GeminiJsonContext.Default.GeminiErrorEnvelope, cancellationToken))?.Error;
            }
            catch (JsonException)
            {
                // Not Google's error shape (a proxy's page, say): the status alone decides.
            }

            throw Logged(GeminiErrors.FromStatus(response.StatusCode, error, response.Headers.RetryAfter?.Delta));
        }
    }

    private static async Task<GenerateContentResponse> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            return await content.ReadFromJsonAsync(GeminiJsonContext.Default.GenerateContentResponse, cancellationToken)
                ?? throw new JsonException("An empty answer.");
        }
        catch (JsonException malformed)
        {
            throw GeminiErrors.Malformed(malformed);
        }
    }

    /// <summary>The next event's data; a broken connection or the stream's deadline fails with the answer so far.</summary>
    private async Task<byte[]?> NextEventAsync(IAsyncEnumerator<SseItem<byte[]>> events, StringBuilder answer, CancellationToken caller)
    {
        try
        {
            return await events.MoveNextAsync() ? events.Current.Data : null;
        }
        catch (Exception cut) when (cut is IOException or HttpRequestException)
        {
            // The connection broke mid-answer: what arrived is still the user's.
            throw Logged(new GeminiException(GeminiFailure.BadGateway, "Gemini's stream was cut off.", cut) { PartialText = answer.ToString() });
        }
        catch (OperationCanceledException late) when (!caller.IsCancellationRequested)
        {
            throw Logged(new GeminiException(GeminiFailure.Timeout, "Gemini's stream did not finish in time.", late) { PartialText = answer.ToString() });
        }
    }

    private GeminiException Logged(GeminiException failure)
    {
        LogFailure(failure.Failure, failure.Message);
        return failure;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gemini call failed ({Failure}): {Reason}")]
    private partial void LogFailure(GeminiFailure failure, string reason);
}
