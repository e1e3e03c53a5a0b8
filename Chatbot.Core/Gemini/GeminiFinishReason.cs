using Microsoft.Extensions.AI;

namespace Chatbot.Core.Gemini;

/// <summary>
/// Google's own spelling of why an answer ended (STOP, MAX_TOKENS, SAFETY …). <see cref="ChatFinishReason"/> keeps only
/// a normalised value ("stop", "length"), so the raw one is read from the wire record the client puts in
/// <c>RawRepresentation</c>; a client that is not ours falls back to the abstraction's value.
/// </summary>
public static class GeminiFinishReason
{
    public static string? Of(ChatResponse response) => FromWire(response.RawRepresentation) ?? response.FinishReason?.Value;

    public static string? Of(ChatResponseUpdate update) => FromWire(update.RawRepresentation) ?? update.FinishReason?.Value;

    private static string? FromWire(object? raw) => (raw as GenerateContentResponse)?.Candidates?.FirstOrDefault()?.FinishReason;
}
