using Chatbot.Core.Gemini;
using Microsoft.Extensions.AI;

namespace Chatbot.Core.Chats;

/// <summary>What Gemini produced for a prompt, whole or in part, as a message records it.</summary>
public sealed record GeneratedAnswer(string Text, string? FinishReason, bool Truncated, string? Model, int? PromptTokens, int? ResponseTokens)
{
    public static GeneratedAnswer From(ChatResponse response) => new(
        response.Text,
        GeminiFinishReason.Of(response),
        response.FinishReason == ChatFinishReason.Length,
        response.ModelId,
        Count(response.Usage?.InputTokenCount),
        Count(response.Usage?.OutputTokenCount));

    internal static int? Count(long? tokens) => tokens is { } count ? (int)Math.Min(count, int.MaxValue) : null;
}
