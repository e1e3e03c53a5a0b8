using Microsoft.AspNetCore.Http;

namespace Chatbot.Functions.Http;

/// <summary>An answer no cache may keep (<c>Cache-Control: no-store</c>), for answers that carry credentials.</summary>
internal sealed class NoStoreResult(IResult result) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.CacheControl = "no-store";
        return result.ExecuteAsync(httpContext);
    }
}
