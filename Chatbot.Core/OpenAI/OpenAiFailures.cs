using System.ClientModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure.Identity;
using Chatbot.Core.Gemini;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Chatbot.Core.OpenAI;

/// <summary>
/// Turns what OpenAI's and Azure's SDKs throw into the <see cref="GeminiException"/> kinds every caller already maps
/// (<see cref="GeminiProblems"/>), so a provider's 429, 5xx, timeout, refused key or content filter answers our client
/// exactly as Gemini's do. It also keeps Gemini's deadlines: the whole call, and a stream from its request to its end.
/// </summary>
internal sealed partial class OpenAiFailures(IChatClient inner, string provider, GeminiOptions timing, ILogger<OpenAiFailures> logger)
    : DelegatingChatClient(inner)
{
    /// <summary>OpenAI's finish reason, and Azure's error code for a prompt its filter refused.</summary>
    private const string ContentFilter = "content_filter";

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timing.RequestTimeout);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, deadline.Token);
        }
        catch (Exception failure) when (Translate(failure, cancellationToken, partialText: null) is { } translated)
        {
            throw Logged(translated);
        }

        return response.FinishReason == ChatFinishReason.ContentFilter ? throw Logged(Blocked(response.Text)) : response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // A stream has no retries to bound it, so it gets a deadline of its own, as Gemini's does.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timing.StreamTimeout);
        var answer = new StringBuilder();
        await using var updates = base.GetStreamingResponseAsync(messages, options, deadline.Token).GetAsyncEnumerator(deadline.Token);
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (Exception failure) when (Translate(failure, cancellationToken, answer.ToString()) is { } translated)
            {
                throw Logged(translated);
            }

            var update = updates.Current;
            if (update.FinishReason == ChatFinishReason.ContentFilter)
            {
                throw Logged(Blocked(answer.Append(update.Text).ToString()));
            }

            answer.Append(update.Text);
            yield return update;
        }
    }

    /// <summary>The failure as one of our kinds; null for what is not the provider's doing (the caller's own cancellation).</summary>
    private GeminiException? Translate(Exception failure, CancellationToken caller, string? partialText) => failure switch
    {
        ClientResultException { Status: > 0 } answered => FromStatus(answered, partialText),
        AuthenticationFailedException refused => new GeminiException(GeminiFailure.Rejected,
            $"{provider} could not be signed in to with the app's identity ({refused.GetType().Name}).", refused)
        { PartialText = partialText },
        OperationCanceledException late when !caller.IsCancellationRequested => new GeminiException(GeminiFailure.Timeout,
            $"{provider} did not answer in time.", late)
        { PartialText = partialText },
        ClientResultException or HttpRequestException or IOException => new GeminiException(GeminiFailure.BadGateway,
            $"{provider} could not be reached, or its answer was cut off.", failure)
        { PartialText = partialText },
        JsonException or FormatException or InvalidOperationException { InnerException: JsonException } => new GeminiException(GeminiFailure.BadGateway,
            $"{provider}'s answer could not be read.", failure)
        { PartialText = partialText },
        _ => null,
    };

    private GeminiException FromStatus(ClientResultException answered, string? partialText)
    {
        var response = answered.GetRawResponse();
        if (answered.Status == 400 && ErrorCode(response) == ContentFilter)
        {
            // Azure refuses a prompt its filter caught with a 400 whose code says so: a refusal the user must see.
            return Blocked(partialText);
        }

        var failure = answered.Status switch
        {
            401 or 403 => GeminiFailure.Rejected,
            429 => GeminiFailure.RateLimited,
            503 => GeminiFailure.Unavailable,
            408 or 504 => GeminiFailure.Timeout,
            _ => GeminiFailure.BadGateway,
        };
        return new GeminiException(failure, $"{provider} answered {answered.Status}.", answered)
        {
            RetryAfter = RetryAfter(response),
            PartialText = partialText,
        };
    }

    private static GeminiException Blocked(string? partialText)
        => new(GeminiFailure.Blocked, "The provider's content filter withheld the answer.") { BlockReason = ContentFilter, PartialText = partialText };

    /// <summary><c>error.code</c> of an OpenAI error body, if the body is one.</summary>
    private static string? ErrorCode(System.ClientModel.Primitives.PipelineResponse? response)
    {
        try
        {
            using var body = JsonDocument.Parse(response?.Content ?? BinaryData.Empty);
            return body.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                    ? code.GetString()
                    : null;
        }
        catch (Exception unreadable) when (unreadable is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary><c>Retry-After</c> in seconds, as OpenAI and Azure send it.</summary>
    private static TimeSpan? RetryAfter(System.ClientModel.Primitives.PipelineResponse? response)
        => response is not null && response.Headers.TryGetValue("Retry-After", out var value)
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
                ? TimeSpan.FromSeconds(seconds)
                : null;

    private GeminiException Logged(GeminiException failure)
    {
        LogFailure(provider, failure.Failure, failure.Message);
        return failure;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Provider} call failed ({Failure}): {Reason}")]
    private partial void LogFailure(string provider, GeminiFailure failure, string reason);
}
