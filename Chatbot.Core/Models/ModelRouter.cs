using Chatbot.Core.Gemini;
using Microsoft.Extensions.AI;

namespace Chatbot.Core.Models;

/// <summary>
/// The app's one <see cref="IChatClient"/>: each call goes to the client of the provider that serves
/// <see cref="ChatOptions.ModelId"/> (the catalogue's default when none is named). Gemini serves its own models and
/// any name no configured model has, as before; each configured model has its own client, built once, and is sent
/// what Gemini's client adds by itself: the app's system instruction, temperature and answer length when the call
/// sets none.
/// </summary>
internal sealed class ModelRouter(
    IChatClient gemini, IReadOnlyDictionary<string, (IChatClient Client, string WireModel)> configured, string defaultModel, GeminiOptions defaults)
    : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (client, routed) = Route(options);
        return client.GetResponseAsync(messages, routed, cancellationToken);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (client, routed) = Route(options);
        return client.GetStreamingResponseAsync(messages, routed, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : gemini.GetService(serviceType, serviceKey);

    public void Dispose()
    {
        gemini.Dispose();
        foreach (var (client, _) in configured.Values)
        {
            client.Dispose();
        }
    }

    /// <summary>The provider's client, and the options with the model named as that provider knows it (an Azure deployment).</summary>
    private (IChatClient Client, ChatOptions? Options) Route(ChatOptions? options)
    {
        var model = options?.ModelId ?? defaultModel;
        if (!configured.TryGetValue(model, out var target))
        {
            return (gemini, options);
        }

        var routed = options?.Clone() ?? new ChatOptions();
        routed.ModelId = target.WireModel;
        routed.Instructions ??= defaults.SystemInstruction;
        routed.Temperature ??= (float?)defaults.Temperature;
        routed.MaxOutputTokens ??= defaults.MaxOutputTokens;
        return (target.Client, routed);
    }
}
