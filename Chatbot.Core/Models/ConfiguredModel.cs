namespace Chatbot.Core.Models;

/// <summary>
/// One model of another provider than Gemini, from <c>Models__N__…</c>. Listed by index, because a model's id
/// (<c>gpt-4o-mini</c>, <c>llama3.2</c>) cannot be part of a setting's name.
/// </summary>
public sealed class ConfiguredModel
{
    /// <summary>The name sessions, keys and <c>/models/</c> use.</summary>
    public string? Id { get; set; }

    /// <summary><c>AzureOpenAI</c> or <c>OpenAI</c> (any server that speaks OpenAI's Chat Completions: Ollama, vLLM …).</summary>
    public string? Provider { get; set; }

    /// <summary>Azure: the resource (<c>https://NAME.openai.azure.com</c>), required. OpenAI: another server than OpenAI's (<c>http://localhost:11434/v1</c>).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Azure: the deployment's name. OpenAI: the model's name on the server, when it is not the id.</summary>
    public string? Deployment { get; set; }

    /// <summary>Azure: without one the app's managed identity is used (<c>DefaultAzureCredential</c>). OpenAI: optional for local servers.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The input limit in tokens; without it <see cref="ModelCatalogue.FallbackInputTokenLimit"/> is assumed.</summary>
    public int? InputTokenLimit { get; set; }

    /// <summary>Whether it reads images.</summary>
    public bool Vision { get; set; }

    /// <summary>The name shown to people; the id when unset.</summary>
    public string? Name { get; set; }

    /// <summary>The name of the model in the provider's request: the deployment when set, else the id.</summary>
    public string WireModel => string.IsNullOrWhiteSpace(Deployment) ? Id ?? "" : Deployment;
}
