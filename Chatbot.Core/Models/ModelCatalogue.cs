using Chatbot.Core.Gemini;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Models;

/// <summary>
/// Every model this app offers and the default among them, read from settings once: Gemini's (<c>Gemini:</c>) and the
/// other providers' (<c>Models:</c>). The one list that sessions, imports, <c>/models/</c>, <c>/v1/models</c> and API
/// keys check a model name against.
/// </summary>
public sealed class ModelCatalogue
{
    public const string GeminiProvider = nameof(ModelProvider.Gemini);

    /// <summary>
    /// Assumed for a configured model without <c>InputTokenLimit</c>: what small local models (Ollama's default context)
    /// and every hosted one accept, so that history is trimmed rather than refused.
    /// </summary>
    public const int FallbackInputTokenLimit = 8_192;

    private readonly Dictionary<string, ModelDescriptor> byId;

    public ModelCatalogue(IOptions<GeminiOptions> gemini, IOptions<ModelOptions> configured)
    {
        var settings = gemini.Value;
        var others = configured.Value;
        var geminiModels = GeminiOffered(settings, others) ? settings.SelectableModels : new HashSet<string>();
        Default = !string.IsNullOrWhiteSpace(others.DefaultModel) ? others.DefaultModel
            : geminiModels.Count > 0 ? settings.Model
            : others.Models[0].Id!;

        // Every Gemini model reads images and PDFs.
        All = geminiModels
            .Select(id => new ModelDescriptor(id, id, GeminiProvider, Vision: true, settings.InputTokenLimit))
            .Concat(others.Models.Select(model => new ModelDescriptor(
                model.Id!, string.IsNullOrWhiteSpace(model.Name) ? model.Id! : model.Name, ProviderOf(model)!.Value.ToString(), model.Vision,
                model.InputTokenLimit ?? FallbackInputTokenLimit)))
            .OrderBy(model => model.Id == Default ? 0 : 1).ThenBy(model => model.Id, StringComparer.Ordinal)
            .ToList();
        byId = All.ToDictionary(model => model.Id, StringComparer.Ordinal);
        Ids = new HashSet<string>(byId.Keys, StringComparer.Ordinal);
    }

    /// <summary>The model of a session that names none.</summary>
    public string Default { get; }

    /// <summary>The default first, then the others by id.</summary>
    public IReadOnlyList<ModelDescriptor> All { get; }

    public IReadOnlySet<string> Ids { get; }

    public bool Contains(string id) => byId.ContainsKey(id);

    public ModelDescriptor? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>Whether <paramref name="id"/> is served by Gemini: one of its models, or a name no configured model has.</summary>
    public bool IsGemini(string id) => Find(id) is not { } model || model.Provider == GeminiProvider;

    /// <summary>
    /// Gemini's models are offered when it has a key, or when nothing else is configured (a call then says the key is
    /// missing, as it always has). Without a key beside other models they are left out: a developer with only a local
    /// server chats with it, and is never offered a model that cannot answer.
    /// </summary>
    internal static bool GeminiOffered(GeminiOptions gemini, ModelOptions others)
        => !string.IsNullOrWhiteSpace(gemini.ApiKey) || others.Models.Count == 0;

    /// <summary>The configured model's provider, or null when <c>Provider</c> names none this app knows (Gemini is set up apart).</summary>
    internal static ModelProvider? ProviderOf(ConfiguredModel model)
        => Enum.TryParse<ModelProvider>(model.Provider, ignoreCase: true, out var provider) && provider != ModelProvider.Gemini
            && Enum.IsDefined(provider) && !int.TryParse(model.Provider, out _)
            ? provider
            : null;
}
