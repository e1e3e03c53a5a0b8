namespace Chatbot.Core.Models;

/// <summary>The models of other providers (<c>Models__N__…</c>) and the default among all models (<c>Chat__DefaultModel</c>).</summary>
public sealed class ModelOptions
{
    public const string ModelsSection = "Models";

    public const string DefaultModelKey = "Chat:DefaultModel";

    public List<ConfiguredModel> Models { get; } = [];

    /// <summary>A Gemini model or a configured one; unset means <c>Gemini:Model</c> (or the first configured model, without a Gemini key).</summary>
    public string? DefaultModel { get; set; }

    /// <summary>Whether the settings configure any model besides Gemini's, before options are bound.</summary>
    internal static bool AnyConfigured(Microsoft.Extensions.Configuration.IConfiguration configuration)
        => configuration.GetSection(ModelsSection).GetChildren().Any();
}
