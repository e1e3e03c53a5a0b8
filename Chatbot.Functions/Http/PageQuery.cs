using Chatbot.Core.Chats;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Functions.Http;

internal static class PageQuery
{
    /// <summary><c>?limit=&amp;before=&amp;after=</c>; each bad value is a 400 that names it.</summary>
    public static PageRequest From(HttpRequest request)
        => PageRequest.Parse(Value(request, "limit"), Value(request, "before"), Value(request, "after"));

    private static string? Value(HttpRequest request, string name)
        => request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}
