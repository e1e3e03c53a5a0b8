namespace Chatbot.Core.Chats;

/// <summary>One exchange in a session: the user's prompt and Gemini's answer.</summary>
public sealed class Message
{
    public long Id { get; set; }

    public long SessionId { get; set; }

    public required string Prompt { get; set; }

    public string Response { get; set; } = "";

    public MessageStatus Status { get; set; }

    public string? Model { get; set; }

    /// <summary>Gemini's finishReason (STOP, MAX_TOKENS) or block reason (SAFETY …), as Google spelled it.</summary>
    public string? FinishReason { get; set; }

    /// <summary>A stable code for why the answer failed (gemini_unavailable …), for the client and for support.</summary>
    public string? ErrorCode { get; set; }

    public int? PromptTokens { get; set; }

    public int? ResponseTokens { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    /// <summary>When the current answer was asked for (at the send, or at a regeneration); it bounds how long one may take.</summary>
    public DateTime? AnsweringSince { get; set; }

    /// <summary>
    /// Set by a stop request. It lives in the database, not in memory, because the request may reach another
    /// instance than the one generating; the generator polls for it.
    /// </summary>
    public DateTime? StopRequestedAt { get; set; }
}
