using Chatbot.Core.Search;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Search;

/// <summary>Full-text search of the caller's prompts and answers: <c>/search/?q=</c>.</summary>
public sealed class SearchFunction(MessageSearch search)
{
    [Function("Search")]
    public async Task<IResult> Search(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var query = SearchRequest.Parse(Value(request, "q"), Value(request, "limit"), Value(request, "offset"));
        var hits = await search.SearchAsync(context.GetUser().Id, query, cancellationToken);
        return new SearchResults(hits, query);
    }

    private static string? Value(HttpRequest request, string name)
        => request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}
