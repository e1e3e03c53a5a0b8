using Chatbot.Core.ApiKeys;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.ApiKeys;

/// <summary>The caller's personal API keys: <c>/me/api-keys/</c>. Managing keys takes a login: a key cannot call these.</summary>
public sealed class ApiKeyFunctions(ApiKeyService keys)
{
    [Function("CreateApiKey")]
    public async Task<IResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/api-keys")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.ApiKeyRequest, cancellationToken);
        var key = await keys.CreateAsync(context.GetUser().Id, body.ToTerms(), cancellationToken);
        // The key is in this answer and nowhere else: no cache may keep it.
        return new NoStoreResult(ApiResults.Created(key, ApiJsonContext.Default.NewApiKeyDto));
    }

    [Function("ListApiKeys")]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/api-keys")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
        => ApiResults.Ok(await keys.ListAsync(context.GetUser().Id, cancellationToken), ApiJsonContext.Default.IReadOnlyListApiKeyDto);

    [Function("RevokeApiKey")]
    public async Task<IResult> Revoke(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "me/api-keys/{keyId}")] HttpRequest request,
        string keyId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        await keys.RevokeAsync(context.GetUser().Id, RouteId.Parse(keyId, "The API key"), cancellationToken);
        return ApiResults.NoContent();
    }
}
