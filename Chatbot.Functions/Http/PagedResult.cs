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
        if (page.Items.Count > 0)
        {
            PageLinks.Write(
                httpContext,
                page.HasNext ? $"limit={request.Limit}&after={Id(page.Items[^1])}" : null,
                page.HasPrevious ? $"limit={request.Limit}&before={Id(page.Items[0])}" : null);
        }

        return TypedResults.Json(page.Items, typeInfo).ExecuteAsync(httpContext);
    }

    private string Id(T item) => idOf(item).ToString(CultureInfo.InvariantCulture);
}
