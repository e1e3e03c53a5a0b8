using System.Globalization;
using System.Net;

namespace Chatbot.Core.Gemini;

/// <summary>Google's error answers, read into our failure kinds. Messages name Google's status, never the key or the prompt.</summary>
internal static class GeminiErrors
{
    private static readonly HashSet<string> WithheldReasons =
        ["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "OTHER", "LANGUAGE", "IMAGE_SAFETY"];

    /// <summary>Finish reasons that mean the answer was withheld rather than given.</summary>
    public static bool IsWithheld(string? finishReason) => finishReason is not null && WithheldReasons.Contains(finishReason);

    public static GeminiException FromStatus(HttpStatusCode status, GeminiError? error, TimeSpan? retryAfterHeader, string? partialText = null)
    {
        var googleStatus = error?.Status ?? "";
        var reason = error?.Details?.Select(detail => detail.Reason).FirstOrDefault(found => found is not null);
        var failure = (int)status switch
        {
            400 when reason == "API_KEY_INVALID" || googleStatus == "PERMISSION_DENIED" => GeminiFailure.Rejected,
            401 or 403 => GeminiFailure.Rejected,
            429 => GeminiFailure.RateLimited,
            503 => GeminiFailure.Unavailable,
            504 => GeminiFailure.Timeout,
            _ => GeminiFailure.BadGateway,
        };
        return new GeminiException(failure, $"Gemini answered {(int)status} {googleStatus}".TrimEnd() + (reason is null ? "." : $" ({reason})."))
        {
            RetryAfter = RetryDelay(error) ?? retryAfterHeader,
            PartialText = partialText,
        };
    }

    public static GeminiException Blocked(string reason, string? partialText = null)
        => new(GeminiFailure.Blocked, $"Gemini withheld the answer ({reason}).") { BlockReason = reason, PartialText = partialText };

    public static GeminiException Malformed(Exception cause, string? partialText = null)
        => new(GeminiFailure.BadGateway, "Gemini's answer could not be read.", cause) { PartialText = partialText };

    /// <summary><c>google.rpc.RetryInfo.retryDelay</c>: a protobuf Duration in JSON, such as "47s" or "0.5s".</summary>
    private static TimeSpan? RetryDelay(GeminiError? error)
    {
        var delay = error?.Details?
            .FirstOrDefault(detail => detail.Type?.EndsWith("google.rpc.RetryInfo", StringComparison.Ordinal) == true)?.RetryDelay;
        return delay is not null && delay.EndsWith('s')
            && double.TryParse(delay[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
                ? TimeSpan.FromSeconds(seconds)
                : null;
    }
}
