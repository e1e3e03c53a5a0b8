namespace Chatbot.Functions.Chats;

/// <summary>The writable part of a session; <c>id</c>, <c>user</c> and the timestamps are read-only and ignored if sent.</summary>
internal sealed record SessionRequest
{
    public string? Title { get; init; }
}

internal sealed record SendMessageRequest
{
    public string? Prompt { get; init; }
}
