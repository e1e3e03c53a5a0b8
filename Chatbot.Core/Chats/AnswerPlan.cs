using Chatbot.Core.Attachments;
using Microsoft.Extensions.AI;

namespace Chatbot.Core.Chats;

/// <summary>
/// What one answer asks the model for, decided once before the prompt is stored and carried unchanged to the call:
/// the model, the session's instructions, the history that fits, the prompt, and the tokens held for it. Attachments
/// and other providers add to this value; nothing after the plan works any of it out again.
/// </summary>
internal sealed record AnswerPlan(
    string Model, string? Instructions, IReadOnlyList<ChatMessage> History, ChatMessage Prompt, bool NamesTheSession)
{
    /// <summary>What the model reads, as estimated: instructions, history and prompt.</summary>
    public int InputTokens { get; init; }

    /// <summary>The most the answer may cost (its input and the longest answer), held in the ledger while it runs.</summary>
    public int ReservedTokens { get; init; }

    /// <summary>The files sent with the prompt, in order; their contents are parts of <see cref="Prompt"/>.</summary>
    public AttachmentSummaries Attachments { get; init; } = AttachmentSummaries.None;

    /// <summary>The prompt as the user wrote it, without the files' parts; null when it is all of <see cref="Prompt"/>.</summary>
    public string? PromptText { get; init; }

    /// <summary>The caller's own generation settings (temperature, length, stop sequences, a JSON format); null: the configured ones.</summary>
    public ChatOptions? Generation { get; init; }

    /// <summary>The session exists only for this answer (<c>/v1/</c> without <c>store</c>): it goes once the answer is stored.</summary>
    public bool DiscardsSession { get; init; }

    /// <summary>The turns the model is sent: the history, then the prompt.</summary>
    public List<ChatMessage> Messages() => [.. History, Prompt];

    public ChatOptions Options()
    {
        var options = Generation?.Clone() ?? new ChatOptions();
        options.ModelId = Model;
        options.Instructions = Instructions;
        return options;
    }
}
