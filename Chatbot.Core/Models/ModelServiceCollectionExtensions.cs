using Chatbot.Core.Gemini;
using Chatbot.Core.OpenAI;
using Chatbot.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Models;

public static class ModelServiceCollectionExtensions
{
    /// <summary>
    /// The catalogue of every model and <see cref="IChatClient"/> as a router over the providers' clients. Each provider's
    /// client is traced with the GenAI conventions under its own name; prompts and answers only on request.
    /// </summary>
    public static IServiceCollection AddModels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModelOptions>()
            .Configure(options =>
            {
                configuration.GetSection(ModelOptions.ModelsSection).Bind(options.Models);
                options.DefaultModel = configuration[ModelOptions.DefaultModelKey];
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelOptions>, ModelOptionsValidator>();
        services.AddSingleton<ModelCatalogue>();

        var recordContent = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>()?.RecordContent == true;
        services.AddChatClient(provider =>
        {
            IChatClient Traced(IChatClient client) => new ChatClientBuilder(client)
                .UseOpenTelemetry(provider.GetService<ILoggerFactory>(), ChatTelemetry.SourceName, traced => traced.EnableSensitiveData = recordContent)
                .Build(provider);

            var catalogue = provider.GetRequiredService<ModelCatalogue>();
            var settings = provider.GetRequiredService<IOptions<GeminiOptions>>().Value;
            var clients = new OpenAiChatClients(settings, provider.GetRequiredService<ILoggerFactory>());
            var configured = provider.GetRequiredService<IOptions<ModelOptions>>().Value.Models.ToDictionary(
                model => model.Id!,
                model => (Traced(clients.Create(model, ModelCatalogue.ProviderOf(model)!.Value)), model.WireModel),
                StringComparer.Ordinal);
            return new ModelRouter(Traced(provider.GetRequiredService<GeminiChatClient>()), configured, catalogue.Default, settings);
        });
        return services;
    }
}
