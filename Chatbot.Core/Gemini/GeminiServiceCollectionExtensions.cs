using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Chatbot.Core.Gemini;

public static class GeminiServiceCollectionExtensions
{
    /// <summary>
    /// Registers our Gemini client, which the app's <see cref="IChatClient"/> routes Gemini's models to. With <paramref name="apiKeyOptional"/> (development)
    /// a missing key fails only the calls that need it, as <see cref="GeminiFailure.NotConfigured"/>.
    /// </summary>
    public static IServiceCollection AddGemini(this IServiceCollection services, IConfiguration configuration, bool apiKeyOptional)
    {
        services.AddOptions<GeminiOptions>().Bind(configuration.GetSection(GeminiOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<GeminiOptions>>(new GeminiApiKeyFallback(configuration));
        services.AddSingleton<IValidateOptions<GeminiOptions>>(new GeminiOptionsValidator(apiKeyOptional));

        // The pipeline owns the deadlines; HttpClient's own 100 s timeout would only get in its way.
        services.AddHttpClient(GeminiChatClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("gemini", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<GeminiOptions>>().Value;

                // Network deadlines run on the wall clock, whatever clock the app stamps its records with.
                pipeline.TimeProvider = TimeProvider.System;
                pipeline.AddTimeout(options.RequestTimeout);
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        Delay = options.RetryBaseDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldHandle = arguments => ValueTask.FromResult(IsTransient(arguments.Outcome)),
                    });
                }

                pipeline.AddTimeout(options.AttemptTimeout);
            });

        services.AddHttpClient(GeminiChatClient.StreamingHttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        // The app's IChatClient routes Gemini's models to this client (Models/ModelRouter).
        services.AddSingleton<GeminiChatClient>();
        services.AddSingleton<GeminiModels>();
        return services;
    }

    /// <summary>
    /// Worth another try: Google's 500/503/504, a gateway's 502, a request timeout, a broken connection. Not a 429:
    /// Google's quota delays run to tens of seconds, so the client hears Retry-After instead of waiting here.
    /// </summary>
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        {
            Result.StatusCode: HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout
        } => true,
        _ => false,
    };
}
