namespace Chatbot.Core.Import;

/// <summary>What an import file may hold; the size of the file itself is the HTTP layer's to refuse.</summary>
public static class ImportRules
{
    /// <summary>Enough for a ChatGPT history of years; a file with more is refused rather than half-read.</summary>
    public const int MaxConversations = 1000;

    /// <summary>As long as a stored message's model, finish reason and error code may be.</summary>
    internal const int MaxModelLength = 100;

    internal const int MaxCodeLength = 40;
}
