using Chatbot.Core.Chats;

namespace Chatbot.Functions.Chats;

/// <summary>The writable part of a session; <c>id</c>, <c>user</c> and the timestamps are read-only and ignored if sent.</summary>
internal sealed record SessionRequest
{
    public string? Title { get; init; }

    public string? SystemPrompt { get; init; }

    public string? Model { get; init; }

    public SessionSettings ToSettings() => new(Title, SystemPrompt, Model);
}

internal sealed record SendMessageRequest
{
    public string? Prompt { get; init; }

    /// <summary>Ids of the caller's uploads sent with the prompt, in order.</summary>
    public IReadOnlyList<long>? Attachments { get; init; }
}
