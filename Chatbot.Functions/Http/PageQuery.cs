using Chatbot.Core.Chats;
using Chatbot.Core.Search;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Functions.Http;

internal static class PageQuery
{
    /// <summary><c>?limit=&amp;before=&amp;after=</c>; each bad value is a 400 that names it.</summary>
    public static PageRequest From(HttpRequest request)
        => PageRequest.Parse(Value(request, "limit"), Value(request, "before"), Value(request, "after"));

    /// <summary><c>?q=&amp;limit=&amp;offset=</c> of a search, whose ranked hits page by position; each bad value is named in the 400.</summary>
    public static SearchRequest Search(HttpRequest request)
        => SearchRequest.Parse(Value(request, "q"), Value(request, "limit"), Value(request, "offset"));

    /// <summary>A query parameter as sent (repeated ones joined by commas), or null when absent.</summary>
    public static string? Value(HttpRequest request, string name)
        => request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}
