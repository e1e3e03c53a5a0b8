using Azure.Monitor.OpenTelemetry.Exporter;
using Chatbot.Core.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Chatbot.Functions.Telemetry;

/// <summary>
/// OpenTelemetry in the worker, as the Functions worker documents it: exported to Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, to OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is, to both
/// when both are; with neither, nothing is collected at all, so a local run pays nothing for it.
/// </summary>
internal static class TelemetrySetup
{
    public static void AddChatbotTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var applicationInsights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var otlp = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(applicationInsights) && string.IsNullOrWhiteSpace(otlp))
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing
                .AddSource(ChatTelemetry.SourceName)
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(ChatTelemetry.MeterName, ChatTelemetry.SourceName)
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(applicationInsights))
        {
            telemetry.UseAzureMonitorExporter(exporter => exporter.ConnectionString = applicationInsights);
        }

        if (!string.IsNullOrWhiteSpace(otlp))
        {
            telemetry.UseOtlpExporter();
        }
    }
}
