using System.ClientModel.Primitives;

namespace Chatbot.Core.OpenAI;

/// <summary>
/// The SDK's retries (500, 502, 503, 504, 408, a broken connection), but not after a 429: a provider's rate-limit
/// delay runs to tens of seconds, so the client hears Retry-After instead of waiting here, as with Gemini.
/// </summary>
internal sealed class NoRetryOnRateLimit(int maxRetries) : ClientRetryPolicy(maxRetries)
{
    protected override bool ShouldRetry(PipelineMessage message, Exception? exception)
        => message.Response?.Status != 429 && base.ShouldRetry(message, exception);

    protected override ValueTask<bool> ShouldRetryAsync(PipelineMessage message, Exception? exception)
        => message.Response?.Status == 429 ? ValueTask.FromResult(false) : base.ShouldRetryAsync(message, exception);
}
