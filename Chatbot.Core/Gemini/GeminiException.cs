namespace Chatbot.Core.Gemini;

/// <summary>A call to Gemini that gave no usable answer. The message never contains the API key.</summary>
public sealed class GeminiException(GeminiFailure failure, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public GeminiFailure Failure { get; } = failure;

    /// <summary>When Google said to retry (RetryInfo.retryDelay), for <see cref="GeminiFailure.RateLimited"/>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Google's reason for <see cref="GeminiFailure.Blocked"/>: a blockReason or finishReason such as SAFETY.</summary>
    public string? BlockReason { get; init; }

    /// <summary>The text produced before a streaming call failed; the caller keeps it.</summary>
    public string? PartialText { get; init; }
}
