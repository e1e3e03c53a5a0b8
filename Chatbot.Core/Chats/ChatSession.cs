namespace Chatbot.Core.Chats;

public sealed class ChatSession
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public string? Title { get; set; }

    public DateTime StartedAt { get; set; }

    /// <summary>Moves whenever a message is added, so lists show the most recently active session first.</summary>
    public DateTime UpdatedAt { get; set; }

    public List<Message> Messages { get; } = [];
}
