namespace Chatbot.Core.Usage;

/// <summary>Which Gemini call a ledger row paid for. Stored as text so the database stays readable.</summary>
public enum UsageKind
{
    /// <summary>The answer to a prompt just sent.</summary>
    Answer,

    /// <summary>A new answer to a prompt asked again.</summary>
    Regeneration,

    /// <summary>The small call that names an untitled session.</summary>
    Title,

    /// <summary>An answer asked for through <c>/v1/chat/completions</c>.</summary>
    Api,
}
