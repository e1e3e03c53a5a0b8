using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Gemini;

/// <summary>Fills the key from the plain names people already use: <c>GEMINI_API_KEY</c>, then the original's <c>GOOGLE_GEMINI_API_KEY</c>.</summary>
internal sealed class GeminiApiKeyFallback(IConfiguration configuration) : IPostConfigureOptions<GeminiOptions>
{
    public void PostConfigure(string? name, GeminiOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            options.ApiKey = new[] { configuration["GEMINI_API_KEY"], configuration["GOOGLE_GEMINI_API_KEY"] }
                .FirstOrDefault(key => !string.IsNullOrWhiteSpace(key));
        }
    }
}

/// <summary>Stops the app at start-up with one clear line when Gemini's settings cannot work.</summary>
internal sealed class GeminiOptionsValidator(bool apiKeyOptional) : IValidateOptions<GeminiOptions>
{
    public ValidateOptionsResult Validate(string? name, GeminiOptions options)
    {
        var failures = new List<string>();
        if (!apiKeyOptional && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add("Gemini:ApiKey (or GEMINI_API_KEY) is required.");
        }

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            failures.Add("Gemini:BaseUrl must be an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add("Gemini:Model must not be empty.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.AttemptTimeout <= TimeSpan.Zero || options.StreamTimeout <= TimeSpan.Zero
            || options.MaxRetries < 0)
        {
            failures.Add("Gemini:RequestTimeout, AttemptTimeout and StreamTimeout must be positive and Gemini:MaxRetries not negative.");
        }

        if (options.MaxPromptCharacters <= 0 || options.InputTokenLimit <= 0 || options.FallbackInputTokenLimit <= 0 || options.MaxContextTokens <= 0)
        {
            failures.Add("Gemini:MaxPromptCharacters, InputTokenLimit, FallbackInputTokenLimit and MaxContextTokens must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
