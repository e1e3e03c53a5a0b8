namespace Chatbot.Core.Import;

/// <summary>
/// What an import file may hold and create; the size of the file itself is the HTTP layer's to refuse (10 MiB). A
/// file past any of these is refused whole, before the text it would store is built, never cut to fit. A prompt also
/// obeys the limit on a prompt sent here (<c>Gemini:MaxPromptCharacters</c>): an imported prompt is sent again when
/// it is regenerated or edited.
/// </summary>
public static class ImportRules
{
    /// <summary>Enough for a ChatGPT history of years; a file with more is refused rather than half-read.</summary>
    public const int MaxConversations = 1000;

    /// <summary>
    /// Messages one file may create. Far more than 10 MiB of real conversations holds (ChatGPT spends about a
    /// kilobyte on each turn's metadata), and it bounds how long an import holds the database's write lock: a tree
    /// shaped to defeat batching stores a row per round trip.
    /// </summary>
    public const int MaxMessages = 20_000;

    /// <summary>
    /// Characters in one answer: more than Gemini 2.5's longest (65,536 tokens, about 260,000 characters). A ChatGPT
    /// answer joins every assistant turn on its path, so a file can spell a long answer with a few short turns.
    /// </summary>
    public const int MaxResponseCharacters = 300_000;

    /// <summary>
    /// Characters of prompts and answers one file may store: twice what a 10 MiB file can spell out, as prompts
    /// repeat in their regenerated siblings and ChatGPT's answers repeat the turns they share. A "comb" of assistant
    /// turns, whose answers repeat their turns with the square of its depth, is refused instead.
    /// </summary>
    public const int MaxStoredCharacters = 20_000_000;

    /// <summary>
    /// Files one imported message may list, and one file in all. An import stores only their metadata (an export
    /// carries no bytes), a row each; a message sent here carries far fewer (<c>Attachments__MaxPerMessage</c>).
    /// </summary>
    public const int MaxAttachmentsPerMessage = 100;

    public const int MaxAttachments = 20_000;

    /// <summary>As long as a stored message's model, finish reason and error code may be.</summary>
    internal const int MaxModelLength = 100;

    internal const int MaxCodeLength = 40;
}
