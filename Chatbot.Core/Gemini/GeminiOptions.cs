namespace Chatbot.Core.Gemini;

/// <summary>Settings under <c>Gemini:</c>. The model is configuration, never a constant.</summary>
public sealed class GeminiOptions
{
    public const string SectionName = "Gemini";

    /// <summary>Also read from <c>GEMINI_API_KEY</c> or the original app's <c>GOOGLE_GEMINI_API_KEY</c>.</summary>
    public string? ApiKey { get; set; }

    public string BaseUrl { get; set; } = "https://generativelanguage.googleapis.com";

    public string Model { get; set; } = "gemini-2.5-flash";

    /// <summary>Models a session may choose (<c>Gemini__AllowedModels__0</c> …); empty means today's Gemini models.</summary>
    public string[] AllowedModels { get; set; } = [];

    /// <summary>The configured model and the allowed list together.</summary>
    public IReadOnlySet<string> SelectableModels => new HashSet<string>(
        AllowedModels.Length > 0 ? AllowedModels : ["gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.0-flash"],
        StringComparer.Ordinal) { Model };

    public string? SystemInstruction { get; set; } = "You are a helpful assistant.";

    public double? Temperature { get; set; }

    public int? MaxOutputTokens { get; set; }

    /// <summary>The whole call, retries and back-off included.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A streamed answer, from the request to its last chunk; a long answer from a thinking model takes minutes.</summary>
    public TimeSpan StreamTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries after a 500, 502, 503, 504 or a broken connection; never after a 429 or another 4xx.</summary>
    public int MaxRetries { get; set; } = 2;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The input limit in tokens for every model, instead of asking Gemini (<c>GET /v1beta/models/{model}</c>).
    /// The history sent with a prompt is trimmed to fit it, newest turns kept.
    /// </summary>
    public int? InputTokenLimit { get; set; }

    /// <summary>Assumed while Gemini cannot tell a model's input limit; every Gemini model accepts at least this.</summary>
    public int FallbackInputTokenLimit { get; set; } = 32_768;

    /// <summary>A lower ceiling on the tokens sent per message, to bound cost; unset means the model's whole input limit.</summary>
    public int? MaxContextTokens { get; set; }

    public int MaxPromptCharacters { get; set; } = 32_000;

    /// <summary>The longest a live answer can take: Gemini's deadline for a call or a stream, whichever is longer, and a minute to save it.</summary>
    public TimeSpan LongestAnswer => (StreamTimeout > RequestTimeout ? StreamTimeout : RequestTimeout) + TimeSpan.FromMinutes(1);
}
