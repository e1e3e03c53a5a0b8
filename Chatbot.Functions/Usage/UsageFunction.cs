using Chatbot.Core.ApiKeys;
using Chatbot.Core.Usage;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Usage;

/// <summary>The caller's token spending today and this month: <c>/usage/</c>, or one API key's with <c>?api_key={id}</c>.</summary>
public sealed class UsageFunction(UsageService usage)
{
    [Function("Usage")]
    [AcceptsApiKey(ApiKeyScopes.Read)]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "usage")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var user = context.GetUser().Id;
        var key = request.Query["api_key"].ToString();
        var spent = key.Length == 0
            ? await usage.GetAsync(user, cancellationToken)
            : await usage.GetForKeyAsync(user, RouteId.Parse(key, "The API key"), cancellationToken);
        return ApiResults.Ok(spent, ApiJsonContext.Default.UsageDto);
    }
}
