using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Core.Gemini;

// Placeholder until the Gemini client branch lands.
public static class GeminiServiceCollectionExtensions
{
    public static IServiceCollection AddGemini(this IServiceCollection services, IConfiguration configuration, bool apiKeyOptional)
    {
        services.AddOptions<GeminiOptions>().Bind(configuration.GetSection("Gemini"));
        services.AddSingleton<Microsoft.Extensions.AI.IChatClient>(_ => throw new NotSupportedException("placeholder"));
        return services;
    }
}
