using Chatbot.Core.ApiKeys;
using Chatbot.Core.Completions;
using Chatbot.Core.Errors;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Completions;

/// <summary>
/// <c>/v1/</c>: OpenAI's Chat Completions, so OpenAI's clients (the SDKs, editor plugins, no-code tools) talk to this
/// app with an API key (or a login's token). Errors take OpenAI's shape.
/// </summary>
public sealed class CompletionFunctions(ChatCompletions completions, TimeProvider time)
{
    /// <summary>OpenAI's models carry when they were made; ours were made available when this worker started.</summary>
    private static readonly long Started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Function("OpenAiListModels")]
    [AcceptsApiKey(ApiKeyScopes.Read)]
    [OpenAiErrors]
    public IResult Models([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/models")] HttpRequest request)
        => new ModelsResult(completions.Models(), Started);

    [Function("OpenAiChatCompletions")]
    [AcceptsApiKey(ApiKeyScopes.Chat)]
    [OpenAiErrors]
    public async Task<IResult> Complete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/chat/completions")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        using var document = await JsonBodyReader.ReadDocumentAsync(request, RequestLimits.Completions, cancellationToken)
            ?? throw ProblemException.Validation("body", "A JSON body is required.");
        var completion = CompletionRequestReader.Read(document.RootElement);
        var run = await completions.StartAsync(context.GetUser().Id, completion, cancellationToken);
        var wire = CompletionWire.For(completion.Model, time);
        return completion.Stream
            ? new CompletionStreamResult(run, wire, completion.IncludeUsage)
            : new CompletionResult(wire, await CompletionEnding.AwaitAsync(run, cancellationToken));
    }
}
