using Chatbot.Core.ApiKeys;
using Chatbot.Core.Search;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Search;

/// <summary>Full-text search of the caller's prompts and answers: <c>/search/?q=</c>.</summary>
public sealed class SearchFunction(MessageSearch search)
{
    [Function("Search")]
    [AcceptsApiKey(ApiKeyScopes.Read)]
    public async Task<IResult> Search(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var query = PageQuery.Search(request);
        var hits = await search.SearchAsync(context.GetUser().Id, query, cancellationToken);
        return new SearchResults(hits, query);
    }
}
