using Chatbot.Core.Gemini;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Models;

/// <summary>
/// Stops the app at start-up with one line naming the setting when a configured model cannot work: no id, an id used
/// twice, an unknown provider, an Azure model without its endpoint, an endpoint that is not an http(s) URL, or a
/// default model that is not offered.
/// </summary>
internal sealed class ModelOptionsValidator(IOptions<GeminiOptions> gemini) : IValidateOptions<ModelOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelOptions options)
    {
        var failures = new List<string>();
        var geminiIds = ModelCatalogue.GeminiOffered(gemini.Value, options) ? gemini.Value.SelectableModels : new HashSet<string>();
        var seen = new HashSet<string>(geminiIds, StringComparer.Ordinal);
        for (var index = 0; index < options.Models.Count; index++)
        {
            var model = options.Models[index];
            var setting = $"{ModelOptions.ModelsSection}:{index}";
            if (string.IsNullOrWhiteSpace(model.Id))
            {
                failures.Add($"{setting}:Id is required.");
            }
            else if (!seen.Add(model.Id))
            {
                failures.Add($"{setting}:Id \"{model.Id}\" is used by another model.");
            }

            var provider = ModelCatalogue.ProviderOf(model);
            if (provider is null)
            {
                failures.Add($"{setting}:Provider must be {nameof(ModelProvider.AzureOpenAI)} or {nameof(ModelProvider.OpenAI)}.");
            }

            if (provider == ModelProvider.AzureOpenAI && string.IsNullOrWhiteSpace(model.Endpoint))
            {
                failures.Add($"{setting}:Endpoint is required for Azure OpenAI (https://NAME.openai.azure.com).");
            }
            else if (!string.IsNullOrWhiteSpace(model.Endpoint)
                && (!Uri.TryCreate(model.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")))
            {
                failures.Add($"{setting}:Endpoint must be an absolute http(s) URL.");
            }

            if (model.InputTokenLimit <= 0)
            {
                failures.Add($"{setting}:InputTokenLimit must be positive.");
            }
        }

        var offered = new HashSet<string>(geminiIds, StringComparer.Ordinal);
        offered.UnionWith(options.Models.Select(model => model.Id ?? ""));
        if (!string.IsNullOrWhiteSpace(options.DefaultModel) && !offered.Contains(options.DefaultModel))
        {
            failures.Add($"{ModelOptions.DefaultModelKey} \"{options.DefaultModel}\" is not one of the models: "
                + $"{string.Join(", ", offered.Where(id => id.Length > 0).Order(StringComparer.Ordinal))}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
