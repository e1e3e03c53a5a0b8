using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Chatbot.Core.Chats;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Functions.Http;

/// <summary>
/// A page of a list: the bare JSON array the original API returns, with an RFC 8288 <c>Link</c> header
/// (<c>rel="next"</c>, <c>rel="prev"</c>, relative to the request's address) when more lie beyond either end.
/// </summary>
internal sealed class PagedResult<T>(Page<T> page, PageRequest request, Func<T, long> idOf, JsonTypeInfo<IReadOnlyList<T>> typeInfo) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var links = new List<string>();
        if (page.Items.Count > 0)
        {
            // Relative (path and query): an absolute link built from the client's Host header would let anyone who
            // can set that header point the next page at a server of their choosing.
            var path = (httpContext.Request.PathBase + httpContext.Request.Path).ToUriComponent();
            if (page.HasNext)
            {
                links.Add($"<{path}?limit={request.Limit}&after={Id(page.Items[^1])}>; rel=\"next\"");
            }

            if (page.HasPrevious)
            {
                links.Add($"<{path}?limit={request.Limit}&before={Id(page.Items[0])}>; rel=\"prev\"");
            }
        }

        if (links.Count > 0)
        {
            httpContext.Response.Headers.Link = string.Join(", ", links);
        }

        return TypedResults.Json(page.Items, typeInfo).ExecuteAsync(httpContext);
    }

    private string Id(T item) => idOf(item).ToString(CultureInfo.InvariantCulture);
}
