namespace Chatbot.Core.Chats;

/// <summary>Where a message's answer stands. Stored as text so the database stays readable.</summary>
public enum MessageStatus
{
    /// <summary>The prompt is stored and Gemini has been asked; no answer yet.</summary>
    Pending,

    /// <summary>The answer is streaming in; the row holds the prompt until it ends.</summary>
    Streaming,

    /// <summary>Gemini answered; the answer is part of the conversation's memory.</summary>
    Complete,

    /// <summary>Gemini stopped at the output limit; the partial answer is kept and remembered.</summary>
    Truncated,

    /// <summary>The user stopped the answer; the part produced is kept and remembered.</summary>
    Stopped,

    /// <summary>Gemini failed; the prompt is kept but not sent as history.</summary>
    Failed,

    /// <summary>Gemini blocked the prompt or withheld the answer; not sent as history.</summary>
    Blocked,
}
