using System.ClientModel.Primitives;

namespace Chatbot.Core.OpenAI;

/// <summary>
/// The SDK's retries (500, 502, 503, 504, 408, a broken connection) as Gemini's are made: not after a 429, whose
/// delay runs to tens of seconds (the client hears Retry-After instead of waiting here), and with Gemini's jittered
/// exponential back-off rather than a server's Retry-After, which could outlast the call's whole deadline.
/// </summary>
internal sealed class NoRetryOnRateLimit(int maxRetries, TimeSpan baseDelay) : ClientRetryPolicy(maxRetries)
{
    protected override bool ShouldRetry(PipelineMessage message, Exception? exception)
        => message.Response?.Status != 429 && base.ShouldRetry(message, exception);

    protected override ValueTask<bool> ShouldRetryAsync(PipelineMessage message, Exception? exception)
        => message.Response?.Status == 429 ? ValueTask.FromResult(false) : base.ShouldRetryAsync(message, exception);

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
        => baseDelay * Math.Pow(2, Math.Max(0, tryCount - 1)) * (0.8 + (Random.Shared.NextDouble() * 0.4));
}
