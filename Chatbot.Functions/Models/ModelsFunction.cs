using Chatbot.Core.Gemini;
using Chatbot.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Chatbot.Functions.Models;

/// <summary>The models a session may choose: <c>/models/</c>, so a client can offer them instead of guessing.</summary>
public sealed class ModelsFunction(IOptions<GeminiOptions> gemini)
{
    [Function("ListModels")]
    public IResult List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "models")] HttpRequest request)
    {
        var options = gemini.Value;
        var others = options.SelectableModels.Where(model => model != options.Model).Order(StringComparer.Ordinal);
        return ApiResults.Ok(new ModelList(options.Model, [options.Model, .. others]), ApiJsonContext.Default.ModelList);
    }
}
