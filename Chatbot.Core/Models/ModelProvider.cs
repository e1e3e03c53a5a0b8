namespace Chatbot.Core.Models;

/// <summary>The providers a configured model may name in <c>Models__N__Provider</c>; Gemini's models have their own settings.</summary>
public enum ModelProvider
{
    Gemini,

    /// <summary>Azure OpenAI, with the app's managed identity unless a key is set.</summary>
    AzureOpenAI,

    /// <summary>OpenAI, or any server that speaks its Chat Completions API (Ollama, llama.cpp's server, vLLM, LM Studio).</summary>
    OpenAI,
}
