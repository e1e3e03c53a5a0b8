using Chatbot.Functions.Middleware;
using Chatbot.Functions.WebApp;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.OpenApi;

/// <summary>
/// The API's OpenAPI 3.1 description, <c>/openapi.json</c>: a checked file (<c>OpenApi/openapi.json</c>), embedded
/// so it deploys with the worker. Whoever adds a route edits it; a test fails while the two differ. Public.
/// </summary>
public sealed class OpenApiFunction
{
    [Function("OpenApiDocument")]
    [PublicFunction]
    public IResult Document([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request)
        => new WebAssetResult(WebAssets.Find("openapi.json")!);
}
