namespace Chatbot.Core.Chats;

/// <summary>What a streamed answer tells its reader, in order: started, deltas, then completed or failed.</summary>
public abstract record MessageEvent
{
    /// <summary>The prompt is stored; the answer is on its way.</summary>
    public sealed record Started(MessageDto Message) : MessageEvent;

    /// <summary>The next piece of the answer, and where it ends in the answer (UTF-16 code units), which a reader resumes after.</summary>
    public sealed record Delta(string Text, int EndOffset) : MessageEvent;

    /// <summary>The answer is complete (or truncated at the output limit) and stored.</summary>
    public sealed record Completed(MessageDto Message) : MessageEvent;

    /// <summary>Gemini failed or refused mid-answer; what arrived is stored with the message.</summary>
    public sealed record Failed(Errors.ProblemException Problem, MessageDto Message) : MessageEvent;
}
