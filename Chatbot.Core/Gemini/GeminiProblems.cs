using Chatbot.Core.Errors;

namespace Chatbot.Core.Gemini;

/// <summary>
/// What the API tells a user when Gemini gave no usable answer: a status, a stable code stored with the message, and
/// words that say whether an operator must act, and that the prompt was kept when it was.
/// </summary>
public static class GeminiProblems
{
    private const string PromptSaved = "Your prompt was saved.";

    public static string ErrorCode(GeminiFailure failure) => failure switch
    {
        GeminiFailure.NotConfigured => "gemini_not_configured",
        GeminiFailure.Rejected => "gemini_rejected",
        GeminiFailure.RateLimited => "gemini_rate_limited",
        GeminiFailure.Unavailable => "gemini_unavailable",
        GeminiFailure.Timeout => "gemini_timeout",
        GeminiFailure.Blocked => "content_blocked",
        _ => "gemini_error",
    };

    /// <summary>
    /// The problem for a failed answer to message <paramref name="messageId"/>, which the body names; null when the
    /// prompt was not kept (a <c>/v1/</c> call without <c>store</c>), so the words do not promise it was.
    /// </summary>
    public static ProblemException ToProblem(GeminiException failure, long? messageId)
    {
        var (kind, detail) = failure.Failure switch
        {
            GeminiFailure.NotConfigured => (ProblemKind.Unavailable,
                "The Gemini API key is missing: set Gemini__ApiKey (or GEMINI_API_KEY) and restart."),
            GeminiFailure.Rejected => (ProblemKind.Unavailable,
                "Gemini rejected this server's API key or project; an operator must fix the configuration."),
            GeminiFailure.RateLimited => (ProblemKind.TooManyRequests, "Gemini's rate limit or quota is exhausted; retry later."),
            GeminiFailure.Unavailable => (ProblemKind.Unavailable, "Gemini is unavailable right now; retry later."),
            GeminiFailure.Timeout => (ProblemKind.GatewayTimeout, "Gemini did not answer in time."),
            GeminiFailure.Blocked => (ProblemKind.Unprocessable, $"Gemini declined to answer this prompt ({failure.BlockReason ?? "blocked"})."),
            _ => (ProblemKind.BadGateway, "Gemini returned an error."),
        };
        var kept = messageId is not null && failure.Failure != GeminiFailure.Blocked;
        return new ProblemException(kind, ErrorCode(failure.Failure), kept ? $"{detail} {PromptSaved}" : detail, failure)
        {
            RetryAfter = failure.RetryAfter,
            Extensions = messageId is { } id ? new Dictionary<string, object> { ["message_id"] = id } : null,
        };
    }

    /// <summary>
    /// The problem again for an answer that failed earlier, from what its message stored: for a reader who resumes
    /// its stream after the end. <c>interrupted</c> is ours, not Gemini's: the instance generating it went away.
    /// </summary>
    public static ProblemException FromStoredCode(string? errorCode, string? blockReason, long messageId)
    {
        if (Enum.GetValues<GeminiFailure>().Where(failure => ErrorCode(failure) == errorCode).Select(failure => (GeminiFailure?)failure).FirstOrDefault() is { } known)
        {
            return ToProblem(new GeminiException(known, errorCode!) { BlockReason = blockReason }, messageId);
        }

        return new ProblemException(ProblemKind.Unavailable, errorCode ?? "gemini_error",
            $"This answer was interrupted before it finished; regenerate it. {PromptSaved}")
        {
            Extensions = new Dictionary<string, object> { ["message_id"] = messageId },
        };
    }
}
