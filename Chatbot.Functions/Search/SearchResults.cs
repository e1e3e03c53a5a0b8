using Chatbot.Core.Chats;
using Chatbot.Core.Search;
using Chatbot.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Functions.Search;

/// <summary>
/// A page of hits as a bare JSON array, like every list, with the <c>Link</c> header's neighbours addressed by
/// <c>offset</c>: a ranking has no id order to walk.
/// </summary>
internal sealed class SearchResults(Page<SearchHit> page, SearchRequest request) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        PageLinks.Write(
            httpContext,
            page.HasNext ? Query(request.Offset + request.Limit) : null,
            page.HasPrevious ? Query(Math.Max(0, request.Offset - request.Limit)) : null);
        return TypedResults.Json(page.Items, ApiJsonContext.Default.IReadOnlyListSearchHit).ExecuteAsync(httpContext);
    }

    private string Query(int offset) => $"q={Uri.EscapeDataString(request.Q)}&limit={request.Limit}&offset={offset}";
}
