using Microsoft.Extensions.AI;

namespace Chatbot.Core.Completions;

/// <summary>
/// An OpenAI Chat Completions request, read and checked (<see cref="CompletionRequestReader"/>): the system and
/// developer turns as the instructions, the earlier turns as history, the last user turn as the prompt, and the
/// generation settings the caller chose, and the caller's uploads sent with the prompt (<c>attachments</c>, this app's own
/// field beside OpenAI's).
/// </summary>
public sealed record CompletionRequest(
    string Model,
    string? Instructions,
    IReadOnlyList<ChatMessage> History,
    ChatMessage Prompt,
    ChatOptions Generation,
    bool Stream,
    bool IncludeUsage,
    bool Store)
{
    public IReadOnlyList<long> AttachmentIds { get; init; } = [];
}
