namespace Chatbot.Core.Usage;

/// <summary>Whether a ledger row holds an estimate for an answer in progress or the count Gemini reported.</summary>
public enum UsageStatus
{
    /// <summary>Held before Gemini is called, at an estimated cost, so parallel requests see each other's spending.</summary>
    Reserved,

    /// <summary>The real counts, once the call ended (0 when Gemini reported none).</summary>
    Settled,
}
