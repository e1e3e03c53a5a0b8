using Chatbot.Core.Chats;
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
    [RequiresUser]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "chatsessions")] HttpRequest request,
        FunctionContext context)
    {
        var list = await sessions.ListAsync(context.GetUser().Id, request.HttpContext.RequestAborted);
        return ApiResults.Ok(list, ApiJsonContext.Default.IReadOnlyListChatSessionDto);
    }

    [Function("CreateSession")]
    [RequiresUser]
    public async Task<IResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "chatsessions")] HttpRequest request,
        FunctionContext context)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.SessionRequest, request.HttpContext.RequestAborted);
        var session = await sessions.CreateAsync(context.GetUser().Id, body.Title, request.HttpContext.RequestAborted);
        return ApiResults.Created(session, ApiJsonContext.Default.ChatSessionDto);
    }

    [Function("GetSession")]
    [RequiresUser]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "chatsessions/{sessionId}")] HttpRequest request,
        string sessionId,
        FunctionContext context)
    {
        var session = await sessions.GetAsync(context.GetUser().Id, RouteId.Parse(sessionId, Session), request.HttpContext.RequestAborted);
        return ApiResults.Ok(session, ApiJsonContext.Default.ChatSessionDto);
    }

    [Function("UpdateSession")]
    [RequiresUser]
    public async Task<IResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "chatsessions/{sessionId}")] HttpRequest request,
        string sessionId,
        FunctionContext context)
    {
        var id = RouteId.Parse(sessionId, Session);
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.SessionRequest, request.HttpContext.RequestAborted);
        var session = await sessions.UpdateAsync(context.GetUser().Id, id, body.Title, request.HttpContext.RequestAborted);
        return ApiResults.Ok(session, ApiJsonContext.Default.ChatSessionDto);
    }

    [Function("DeleteSession")]
    [RequiresUser]
    public async Task<IResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "chatsessions/{sessionId}")] HttpRequest request,
        string sessionId,
        FunctionContext context)
    {
        await sessions.DeleteAsync(context.GetUser().Id, RouteId.Parse(sessionId, Session), request.HttpContext.RequestAborted);
        return ApiResults.NoContent();
    }
}
