using Chatbot.Core.ApiKeys;
using Chatbot.Core.Models;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Models;

/// <summary>The models a session may choose: <c>/models/</c>, so a client can offer them instead of guessing.</summary>
public sealed class ModelsFunction(ModelCatalogue catalogue)
{
    [Function("ListModels")]
    [AcceptsApiKey(ApiKeyScopes.Read)]
    public IResult List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "models")] HttpRequest request)
        => ApiResults.Ok(ModelList.From(catalogue), ApiJsonContext.Default.ModelList);
}
