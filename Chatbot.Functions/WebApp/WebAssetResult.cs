using Microsoft.AspNetCore.Http;

namespace Chatbot.Functions.WebApp;

/// <summary>
/// Writes a page file with the headers that keep it safe and fresh: a Content Security Policy that allows nothing
/// but this origin and no inline script, no MIME sniffing, and an ETag the browser revalidates (304 when unchanged).
/// </summary>
internal sealed class WebAssetResult(WebAsset asset) : IResult
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var (request, response) = (httpContext.Request, httpContext.Response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        // Names carry no version, so the browser asks each time; an unchanged file costs a 304 and no body.
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = asset.ETag;
        if (request.Headers.IfNoneMatch.Any(tag => tag == asset.ETag || tag == "*"))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        await response.Body.WriteAsync(asset.Content, httpContext.RequestAborted);
    }
}
