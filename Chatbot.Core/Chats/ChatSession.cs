namespace Chatbot.Core.Chats;

public sealed class ChatSession
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public string? Title { get; set; }

    /// <summary>This session's own system instruction; null means the configured default.</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>This session's Gemini model, from the allowed list; null means the configured default.</summary>
    public string? Model { get; set; }

    public DateTime StartedAt { get; set; }

    /// <summary>Moves whenever a message is added, so lists show the most recently active session first.</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// A <c>/v1/</c> completion's session without <c>store</c>: it exists for its one answer and goes with it, so no
    /// route, list or search shows it; if its instance dies mid-answer, <see cref="AbandonedAnswers"/> removes it.
    /// </summary>
    public bool Transient { get; set; }

    public List<Message> Messages { get; } = [];
}
