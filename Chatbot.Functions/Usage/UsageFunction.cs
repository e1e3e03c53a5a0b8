using Chatbot.Core.Usage;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Usage;

/// <summary>The caller's token spending today and this month: <c>/usage/</c>.</summary>
public sealed class UsageFunction(UsageService usage)
{
    [Function("Usage")]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "usage")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
        => ApiResults.Ok(await usage.GetAsync(context.GetUser().Id, cancellationToken), ApiJsonContext.Default.UsageDto);
}
