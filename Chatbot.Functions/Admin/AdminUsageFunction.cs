using Chatbot.Core.Operators;
using Chatbot.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Admin;

/// <summary>The whole deployment's spending per day, and its top users: <c>/admin/usage/?days=30</c>.</summary>
public sealed class AdminUsageFunction(DeploymentUsage usage)
{
    [Function("AdminUsage")]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/usage")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var days = DeploymentUsage.ParseDays(PageQuery.Value(request, "days"));
        return ApiResults.Ok(await usage.GetAsync(days, cancellationToken), ApiJsonContext.Default.DeploymentUsageDto);
    }
}
