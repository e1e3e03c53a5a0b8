using Chatbot.Core.Health;
using Chatbot.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Health;

/// <summary>Anonymous liveness and database check for load balancers and operators.</summary>
public sealed class HealthFunction(HealthProbe probe)
{
    [Function("Health")]
    public async Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
    {
        var report = await probe.CheckAsync(request.HttpContext.RequestAborted);
        return TypedResults.Json(report, ApiJsonContext.Default.HealthReport,
            statusCode: report.Status == "healthy" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
