using Chatbot.Core.Health;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Health;

/// <summary>Anonymous liveness and database check for load balancers and operators.</summary>
public sealed class HealthFunction(HealthProbe probe)
{
    [Function("Health")]
    [PublicFunction]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await probe.CheckAsync(cancellationToken);
        return TypedResults.Json(report, ApiJsonContext.Default.HealthReport,
            statusCode: report.Status == "healthy" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
