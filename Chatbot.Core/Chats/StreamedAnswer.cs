using System.Text;
using Chatbot.Core.Gemini;
using Microsoft.Extensions.AI;

namespace Chatbot.Core.Chats;

/// <summary>
/// Gathers a streamed answer as its updates arrive: the text, and the last word on its end, usage and model. The
/// heartbeat reads the text from another thread, hence the lock.
/// </summary>
internal sealed class StreamedAnswer
{
    private readonly Lock gate = new();
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

        lock (gate)
        {
            text.Append(delta);
        }

        return delta;
    }

    public string Text
    {
        get
        {
            lock (gate)
            {
                return text.ToString();
            }
        }
    }

    /// <summary>How long the answer is so far: where the last piece ends.</summary>
    public int Length
    {
        get
        {
            lock (gate)
            {
                return text.Length;
            }
        }
    }

    public GeneratedAnswer ToAnswer() => new(
        Text,
        finishReason,
        finish == ChatFinishReason.Length,
        model,
        GeneratedAnswer.Count(usage?.InputTokenCount),
        GeneratedAnswer.Count(usage?.OutputTokenCount));
}
