using System.Text.Json;
using Chatbot.Core.ApiKeys;
using Chatbot.Core.Chats;
using Chatbot.Core.Errors;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Chats;

/// <summary>The caller's chat sessions: <c>/chatsessions/</c> and <c>/chatsessions/{id}/</c>.</summary>
public sealed class ChatSessionFunctions(ChatSessionService sessions)
{
    private const string Session = "The chat session";

    [Function("ListSessions")]
    [AcceptsApiKey(ApiKeyScopes.Read)]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "chatsessions")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var page = PageQuery.From(request);
        var list = await sessions.ListAsync(context.GetUser().Id, page, cancellationToken);
        return new PagedResult<ChatSessionDto>(list, page, session => session.Id, ApiJsonContext.Default.IReadOnlyListChatSessionDto);
    }

    [Function("CreateSession")]
    [AcceptsApiKey(ApiKeyScopes.Chat)]
    public async Task<IResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "chatsessions")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.SessionRequest, cancellationToken);
        var session = await sessions.CreateAsync(context.GetUser().Id, body.ToSettings(), cancellationToken);
        return ApiResults.Created(session, ApiJsonContext.Default.ChatSessionDto);
    }

    [Function("GetSession")]
    [AcceptsApiKey(ApiKeyScopes.Read)]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "chatsessions/{sessionId}")] HttpRequest request,
        string sessionId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var session = await sessions.GetAsync(context.GetUser().Id, RouteId.Parse(sessionId, Session), cancellationToken);
        return ApiResults.Ok(session, ApiJsonContext.Default.ChatSessionDto);
    }

    [Function("UpdateSession")]
    public async Task<IResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "chatsessions/{sessionId}")] HttpRequest request,
        string sessionId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var id = RouteId.Parse(sessionId, Session);
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.SessionRequest, cancellationToken);
        var session = await sessions.UpdateAsync(context.GetUser().Id, id, body.ToSettings(), cancellationToken);
        return ApiResults.Ok(session, ApiJsonContext.Default.ChatSessionDto);
    }

    [Function("PatchSession")]
    public async Task<IResult> Patch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "chatsessions/{sessionId}")] HttpRequest request,
        string sessionId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var id = RouteId.Parse(sessionId, Session);
        var fields = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.DictionaryStringJsonElement, cancellationToken);
        var patch = new SessionPatch(SentString(fields, "title"), SentString(fields, "system_prompt"), SentString(fields, "model"));
        var session = await sessions.PatchAsync(context.GetUser().Id, id, patch, cancellationToken);
        return ApiResults.Ok(session, ApiJsonContext.Default.ChatSessionDto);
    }

    /// <summary>A field's value when it was sent (null included), or null when it was left out.</summary>
    private static Sent<string?>? SentString(Dictionary<string, JsonElement> fields, string name) => fields.TryGetValue(name, out var value)
        ? value.ValueKind switch
        {
            JsonValueKind.String => new(value.GetString()),
            JsonValueKind.Null => new(null),
            _ => throw ProblemException.Validation(name, "Not a valid string."),
        }
        : null;

    [Function("DeleteSession")]
    public async Task<IResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "chatsessions/{sessionId}")] HttpRequest request,
        string sessionId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        await sessions.DeleteAsync(context.GetUser().Id, RouteId.Parse(sessionId, Session), cancellationToken);
        return ApiResults.NoContent();
    }
}
