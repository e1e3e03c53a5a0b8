using System.Text;
using Chatbot.Core.Gemini;
using Microsoft.Extensions.AI;

namespace Chatbot.Core.Chats;

/// <summary>Gathers a streamed answer as its updates arrive: the text, and the last word on its end, usage and model.</summary>
internal sealed class StreamedAnswer
{
    private readonly StringBuilder text = new();
    private string? finishReason;
    private ChatFinishReason? finish;
    private UsageDetails? usage;
    private string? model;

    /// <summary>Takes in one update; returns its new text, if it brought any.</summary>
    public string? Add(ChatResponseUpdate update)
    {
        finishReason = GeminiFinishReason.Of(update) ?? finishReason;
        finish = update.FinishReason ?? finish;
        usage = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
        model = update.ModelId ?? model;
        if (update.Text is not { Length: > 0 } delta)
        {
            return null;
        }

        text.Append(delta);
        return delta;
    }

    public string Text => text.ToString();

    public GeneratedAnswer ToAnswer() => new(
        text.ToString(),
        finishReason,
        finish == ChatFinishReason.Length,
        model,
        GeneratedAnswer.Count(usage?.InputTokenCount),
        GeneratedAnswer.Count(usage?.OutputTokenCount));
}
