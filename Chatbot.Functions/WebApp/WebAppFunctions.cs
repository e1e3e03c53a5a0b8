using Chatbot.Core.Errors;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.WebApp;

/// <summary>
/// The web chat page: <c>/</c> and its files under <c>/app/</c>. Public (<c>[PublicFunction]</c>): the page signs
/// in through the API like any other client. Not part of the API, so not in the OpenAPI document.
/// </summary>
public sealed class WebAppFunctions
{
    [Function("WebPage")]
    [PublicFunction]
    public IResult Page([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "")] HttpRequest request)
        => new WebAssetResult(WebAssets.Page);

    [Function("WebAsset")]
    [PublicFunction]
    public IResult Asset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "app/{*path}")] HttpRequest request,
        string? path)
        => WebAssets.Find(path) is { } asset
            ? new WebAssetResult(asset)
            : throw new ProblemException(ProblemKind.NotFound, "not_found", $"The page has no file {request.Path}.");

    [Function("ApiReference")]
    [PublicFunction]
    public IResult Reference([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs")] HttpRequest request)
        => new WebAssetResult(WebAssets.Reference);
}
