using System.ClientModel;
using Azure.AI.OpenAI;
using Azure.Identity;
using Chatbot.Core.Gemini;
using Chatbot.Core.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;

namespace Chatbot.Core.OpenAI;

/// <summary>
/// Builds the <see cref="IChatClient"/> of a configured model from the libraries made for it: OpenAI's SDK (OpenAI and
/// every server that speaks its API) or Azure's (with the app's managed identity unless a key is set), through
/// Microsoft.Extensions.AI.OpenAI. Deadlines and retries are Gemini's settings, so every provider fails alike.
/// </summary>
internal sealed class OpenAiChatClients(GeminiOptions timing, ILoggerFactory loggers)
{
    /// <summary>Local servers accept any key, and OpenAI's SDK insists on one.</summary>
    private const string NoKey = "no-key";

    /// <summary>One credential for every Azure model: it caches its tokens.</summary>
    private readonly Lazy<DefaultAzureCredential> managedIdentity = new(() => new DefaultAzureCredential());

    public IChatClient Create(ConfiguredModel model, ModelProvider provider)
    {
        var client = provider switch
        {
            ModelProvider.AzureOpenAI => Azure(model),
            ModelProvider.OpenAI => OpenAi(model),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Not an OpenAI provider."),
        };
        return new OpenAiFailures(client.AsIChatClient(), provider.ToString(), timing, loggers.CreateLogger<OpenAiFailures>());
    }

    private global::OpenAI.Chat.ChatClient OpenAi(ConfiguredModel model)
    {
        var options = new OpenAIClientOptions { NetworkTimeout = timing.AttemptTimeout, RetryPolicy = new NoRetryOnRateLimit(timing.MaxRetries, timing.RetryBaseDelay) };
        if (!string.IsNullOrWhiteSpace(model.Endpoint))
        {
            options.Endpoint = new Uri(model.Endpoint);
        }

        var key = string.IsNullOrWhiteSpace(model.ApiKey) ? NoKey : model.ApiKey;
        return new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient(model.WireModel);
    }

    private global::OpenAI.Chat.ChatClient Azure(ConfiguredModel model)
    {
        var options = new AzureOpenAIClientOptions { NetworkTimeout = timing.AttemptTimeout, RetryPolicy = new NoRetryOnRateLimit(timing.MaxRetries, timing.RetryBaseDelay) };
        var endpoint = new Uri(model.Endpoint!);
        var client = string.IsNullOrWhiteSpace(model.ApiKey)
            ? new AzureOpenAIClient(endpoint, managedIdentity.Value, options)
            : new AzureOpenAIClient(endpoint, new ApiKeyCredential(model.ApiKey), options);
        return client.GetChatClient(model.WireModel);
    }
}
