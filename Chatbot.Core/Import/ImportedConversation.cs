using Chatbot.Core.Chats;

namespace Chatbot.Core.Import;

/// <summary>
/// One conversation read from an import file, whatever its format: the session's fields and its exchanges as a tree.
/// <see cref="Exchanges"/> are in the order they are to be stored, every parent before its children, so ids grow
/// down every branch as they do for messages sent here. <see cref="CurrentLeaf"/> ends the branch the user sees.
/// </summary>
public sealed record ImportedConversation(
    string? Title,
    string? SystemPrompt,
    string? Model,
    DateTime StartedAt,
    DateTime UpdatedAt,
    IReadOnlyList<ImportedExchange> Exchanges,
    int? CurrentLeaf)
{
    /// <summary>The exchanges from the first down to <see cref="CurrentLeaf"/>, by index.</summary>
    public HashSet<int> CurrentBranch()
    {
        var branch = new HashSet<int>();
        for (var at = CurrentLeaf; at is { } index; at = Exchanges[index].Parent)
        {
            branch.Add(index);
        }

        return branch;
    }
}

/// <summary>
/// A prompt and its answer as the file recorded them. <see cref="Parent"/> is the index of an earlier exchange in
/// the same conversation; the ids a file used are only ever used to find it.
/// </summary>
public sealed record ImportedExchange(
    int? Parent,
    string Prompt,
    string Response,
    DateTime CreatedAt,
    MessageStatus Status,
    string? Model = null,
    string? FinishReason = null,
    string? ErrorCode = null,
    int? PromptTokens = null,
    int? ResponseTokens = null)
{
    /// <summary>The files the prompt listed (our export only), kept as not available.</summary>
    public IReadOnlyList<ImportedAttachment> Attachments { get; init; } = [];
}
