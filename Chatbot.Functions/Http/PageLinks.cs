using Microsoft.AspNetCore.Http;

namespace Chatbot.Functions.Http;

/// <summary>The RFC 8288 <c>Link</c> header of a paged list: <c>rel="next"</c> and <c>rel="prev"</c>, each when there is one.</summary>
internal static class PageLinks
{
    /// <param name="httpContext">The answer to set the header on; the links are relative to its request's path.</param>
    /// <param name="nextQuery">The next page's query string (without <c>?</c>), or null when none follows.</param>
    /// <param name="previousQuery">The previous page's, or null when none precedes.</param>
    /// <param name="path">The list's path, when it is not the request's own.</param>
    public static void Write(HttpContext httpContext, string? nextQuery, string? previousQuery, string? path = null)
    {
        // Relative (path and query): an absolute link built from the client's Host header would let anyone who
        // can set that header point the next page at a server of their choosing.
        path ??= (httpContext.Request.PathBase + httpContext.Request.Path).ToUriComponent();
        var links = new List<string>();
        if (nextQuery is not null)
        {
            links.Add($"<{path}?{nextQuery}>; rel=\"next\"");
        }

        if (previousQuery is not null)
        {
            links.Add($"<{path}?{previousQuery}>; rel=\"prev\"");
        }

        if (links.Count > 0)
        {
            httpContext.Response.Headers.Link = string.Join(", ", links);
        }
    }
}
