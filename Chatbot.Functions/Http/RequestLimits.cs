namespace Chatbot.Functions.Http;

/// <summary>How big and how deeply nested a request body may be; every route reads with <see cref="Default"/> but import.</summary>
internal sealed record RequestLimits(int MaxBodyBytes, int MaxJsonDepth)
{
    /// <summary>
    /// Room for the longest prompt (32,000 characters by default) even when every character is escaped in JSON;
    /// anything bigger is refused before it is read.
    /// </summary>
    public static RequestLimits Default { get; } = new(256 * 1024, 16);

    /// <summary>
    /// <c>POST /chatsessions/import/</c>: a file of conversations. ChatGPT's <c>conversations.json</c> nests about 8
    /// levels before any message metadata, and that metadata nests further; 64 (System.Text.Json's own default) keeps
    /// a cap well clear of both.
    /// </summary>
    public static RequestLimits Import { get; } = new(10 * 1024 * 1024, 64);

    /// <summary>
    /// <c>POST /v1/chat/completions</c>: a whole conversation with its images inline as <c>data:</c> URLs. Gemini takes at
    /// most 20 MB of inline data a request, so a bigger body could never be answered; a JSON schema may nest deeply.
    /// </summary>
    public static RequestLimits Completions { get; } = new(20 * 1024 * 1024, 64);

    /// <summary>The limit as a person reads it: "256 KiB", "10 MiB".</summary>
    public string Readable => MaxBodyBytes % (1024 * 1024) == 0 ? $"{MaxBodyBytes / (1024 * 1024)} MiB" : $"{MaxBodyBytes / 1024} KiB";
}
