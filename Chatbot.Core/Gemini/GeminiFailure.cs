namespace Chatbot.Core.Gemini;

/// <summary>Why a call to Gemini produced no usable answer; callers map each kind to one HTTP status.</summary>
public enum GeminiFailure
{
    /// <summary>No API key is configured (allowed in development only).</summary>
    NotConfigured,

    /// <summary>Google rejected our key or our project (API_KEY_INVALID, PERMISSION_DENIED): a configuration error.</summary>
    Rejected,

    /// <summary>Quota or rate limit (429 RESOURCE_EXHAUSTED); <see cref="GeminiException.RetryAfter"/> says when, if Google did.</summary>
    RateLimited,

    /// <summary>Gemini is overloaded or down (503 UNAVAILABLE), after our retries.</summary>
    Unavailable,

    /// <summary>Gemini took longer than our deadline (504 DEADLINE_EXCEEDED, or our own timeout).</summary>
    Timeout,

    /// <summary>Any other upstream failure: a 4xx we caused, a 500 after retries, a malformed reply, a cut connection.</summary>
    BadGateway,

    /// <summary>The prompt was blocked (promptFeedback.blockReason) or the answer withheld (finishReason SAFETY and the like).</summary>
    Blocked,
}
