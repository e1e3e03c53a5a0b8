using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Gemini;

/// <summary>
/// What Gemini says about its models: how many input tokens a model accepts (<c>GET /v1beta/models/{model}</c>,
/// asked once and kept) and how many tokens a prompt really costs (<c>countTokens</c>, asked only when a prompt
/// might not fit). Neither question may fail a message: when Gemini cannot answer, a safe assumption stands in.
/// </summary>
public sealed partial class GeminiModels(
    IHttpClientFactory httpClients,
    IOptions<GeminiOptions> options,
    TimeProvider time,
    ILogger<GeminiModels> logger)
{
    /// <summary>A model's limits do not change under its name; a day keeps the lookups rare.</summary>
    private static readonly TimeSpan KnownFor = TimeSpan.FromHours(24);

    /// <summary>An assumption is retried soon: Gemini may have been briefly unreachable.</summary>
    private static readonly TimeSpan AssumedFor = TimeSpan.FromMinutes(1);

    /// <summary>These questions sit in front of a message; they must not hold it up for long.</summary>
    private static readonly TimeSpan QuestionTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Task<Known>> limits = new(StringComparer.Ordinal);

    /// <summary>
    /// The most input tokens <paramref name="model"/> accepts: <c>Gemini:InputTokenLimit</c> when configured, else
    /// what Gemini says, else <c>Gemini:FallbackInputTokenLimit</c>.
    /// </summary>
    public async Task<int> InputTokenLimitAsync(string model, CancellationToken cancellationToken)
    {
        if (options.Value.InputTokenLimit is { } configured)
        {
            return configured;
        }

        var lookup = limits.GetOrAdd(model, LookUpAsync);
        var known = await lookup.WaitAsync(cancellationToken);
        if (known.Until <= time.GetUtcNow())
        {
            // The answer in hand still serves this caller; the next one gets a fresh answer.
            limits.TryUpdate(model, LookUpAsync(model), lookup);
        }

        return known.Tokens;
    }

    /// <summary>The tokens of <paramref name="prompt"/> with its system instruction, as Gemini counts them; null if it cannot say.</summary>
    public async Task<int?> CountTokensAsync(string model, string? systemInstruction, string prompt, CancellationToken cancellationToken)
    {
        var body = new CountTokensRequest(new CountedRequest(
            $"models/{model}",
            [new GeminiContent("user", [new GeminiPart(prompt)])],
            string.IsNullOrWhiteSpace(systemInstruction) ? null : new GeminiContent(null, [new GeminiPart(systemInstruction)])));
        var counted = await AskAsync(
            HttpMethod.Post, model, ":countTokens", GeminiRequest.Json(body, GeminiJsonContext.Default.CountTokensRequest),
            GeminiJsonContext.Default.CountTokensResponse, cancellationToken);
        return counted?.TotalTokens;
    }

    /// <summary>Never fails: the answer is shared by every caller until it expires, so a failure here would fail them all.</summary>
    private async Task<Known> LookUpAsync(string model)
    {
        GeminiModelInfo? info = null;
        try
        {
            info = await AskAsync(HttpMethod.Get, model, "", null, GeminiJsonContext.Default.GeminiModelInfo, CancellationToken.None);
        }
        catch (Exception unexpected)
        {
            LogUnanswered("models.get", model, unexpected.GetType().Name);
        }

        if (info?.InputTokenLimit is > 0 and var tokens)
        {
            return new Known(tokens, time.GetUtcNow() + KnownFor);
        }

        var assumed = options.Value.FallbackInputTokenLimit;
        LogAssumedLimit(model, assumed);
        return new Known(assumed, time.GetUtcNow() + AssumedFor);
    }

    private async Task<T?> AskAsync<T>(
        HttpMethod method, string model, string call, HttpContent? content,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> answer, CancellationToken cancellationToken)
        where T : class
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            return null;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(QuestionTimeout);
        using var request = GeminiRequest.Create(settings, method, model, call, content);
        var question = call.Length > 0 ? call : "models.get";
        try
        {
            using var response = await httpClients.CreateClient(GeminiChatClient.HttpClientName).SendAsync(request, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogUnanswered(question, model, $"HTTP {(int)response.StatusCode}");
                return null;
            }

            return await response.Content.ReadFromJsonAsync(answer, deadline.Token);
        }
        catch (Exception failure) when ((failure is HttpRequestException or JsonException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException)
            && !cancellationToken.IsCancellationRequested)
        {
            LogUnanswered(question, model, failure.GetType().Name);
            return null;
        }
    }

    private sealed record Known(int Tokens, DateTimeOffset Until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gemini did not answer {Question} for model {Model}: {Reason}")]
    private partial void LogUnanswered(string question, string model, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The input limit of model {Model} is unknown; assuming {Tokens} tokens for now")]
    private partial void LogAssumedLimit(string model, int tokens);
}
