using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Chatbot.Core.Chats;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Functions.Http;

/// <summary>
/// A page of a list: the bare JSON array the original API returns, with an RFC 8288 <c>Link</c> header
/// (<c>rel="next"</c>, <c>rel="prev"</c>, relative to the request's address) when more lie beyond either end. The
/// request's other query parameters (such as <c>branches=all</c>) are kept on every link.
/// </summary>
internal sealed class PagedResult<T>(Page<T> page, PageRequest request, Func<T, long> idOf, JsonTypeInfo<IReadOnlyList<T>> typeInfo) : IResult
{
    private static readonly string[] CursorParameters = ["limit", "before", "after"];

    /// <summary>
    /// Where the list's pages are read, when that is not the request's own path: a POST that answers with the first
    /// page of a list links to the list.
    /// </summary>
    public string? ListPath { get; init; }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (page.Items.Count > 0)
        {
            var kept = Filters(httpContext.Request);
            PageLinks.Write(
                httpContext,
                page.HasNext ? $"{kept}limit={request.Limit}&after={Id(page.Items[^1])}" : null,
                page.HasPrevious ? $"{kept}limit={request.Limit}&before={Id(page.Items[0])}" : null,
                ListPath);
        }

        return TypedResults.Json(page.Items, typeInfo).ExecuteAsync(httpContext);
    }

    private static string Filters(HttpRequest request) => string.Concat(request.Query
        .Where(parameter => !CursorParameters.Contains(parameter.Key, StringComparer.OrdinalIgnoreCase))
        .SelectMany(parameter => parameter.Value.Select(value => $"{Uri.EscapeDataString(parameter.Key)}={Uri.EscapeDataString(value ?? "")}&")));

    private string Id(T item) => idOf(item).ToString(CultureInfo.InvariantCulture);
}
