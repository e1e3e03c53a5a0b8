using Chatbot.Core.Gemini;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Models;

/// <summary>
/// Every model this app offers and the default among them, read from settings once. The one list that sessions,
/// imports, <c>/models/</c>, <c>/v1/models</c> and API keys check a model name against.
/// </summary>
public sealed class ModelCatalogue
{
    public const string GeminiProvider = "Gemini";

    private readonly Dictionary<string, ModelDescriptor> byId;

    public ModelCatalogue(IOptions<GeminiOptions> gemini)
    {
        var settings = gemini.Value;
        Default = settings.Model;
        // Every Gemini model reads images and PDFs.
        All = settings.SelectableModels
            .OrderBy(id => id == Default ? 0 : 1).ThenBy(id => id, StringComparer.Ordinal)
            .Select(id => new ModelDescriptor(id, id, GeminiProvider, Vision: true, settings.InputTokenLimit))
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
}
