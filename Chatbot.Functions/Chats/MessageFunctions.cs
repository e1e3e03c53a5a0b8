using System.Text.Json.Serialization.Metadata;
using Chatbot.Core.ApiKeys;
using Chatbot.Core.Chats;
using Chatbot.Core.Errors;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Chats;

/// <summary>A session's messages: <c>/chatsessions/{id}/messages/</c>.</summary>
public sealed class MessageFunctions(MessageReader reader, MessageCommands commands, BranchSelector branches)
{
    private const string Session = "The chat session";

    [Function("ListMessages")]
    [AcceptsApiKey(ApiKeyScopes.Read)]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "chatsessions/{sessionId}/messages")] HttpRequest request,
        string sessionId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var id = RouteId.Parse(sessionId, Session);
        var page = PageQuery.From(request);
        var list = await reader.ListAsync(context.GetUser().Id, id, page, BranchesQuery.WantsAll(request), cancellationToken);
        return new PagedResult<MessageDto>(list, page, message => message.Id, ApiJsonContext.Default.IReadOnlyListMessageDto);
    }

    [Function("SendMessage")]
    [AcceptsApiKey(ApiKeyScopes.Chat)]
    public async Task<IResult> Send(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "chatsessions/{sessionId}/messages")] HttpRequest request,
        string sessionId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var id = RouteId.Parse(sessionId, Session);
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.SendMessageRequest, cancellationToken);
        var run = await commands.SendAsync(
            context.GetUser().Id, id, body.Prompt, body.Attachments, MessageEventStreamResult.IsWanted(request), cancellationToken);
        return await AnsweredAsync(run, ApiResults.Created, cancellationToken);
    }

    [Function("EditMessage")]
    [AcceptsApiKey(ApiKeyScopes.Chat)]
    public async Task<IResult> Edit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "chatsessions/{sessionId}/messages/{messageId}")] HttpRequest request,
        string sessionId,
        string messageId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var (user, session, message) = (context.GetUser().Id, RouteId.Parse(sessionId, Session), RouteId.Parse(messageId, "The message"));
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.SendMessageRequest, cancellationToken);
        var run = await commands.EditAsync(
            user, session, message, body.Prompt, body.Attachments, MessageEventStreamResult.IsWanted(request), cancellationToken);
        return await AnsweredAsync(run, ApiResults.Created, cancellationToken);
    }

    [Function("SelectBranch")]
    public async Task<IResult> Select(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "chatsessions/{sessionId}/messages/{messageId}/select")] HttpRequest request,
        string sessionId,
        string messageId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var page = PageQuery.From(request);
        var branch = await branches.SelectAsync(
            context.GetUser().Id, RouteId.Parse(sessionId, Session), RouteId.Parse(messageId, "The message"), page, cancellationToken);
        return new PagedResult<MessageDto>(branch, page, message => message.Id, ApiJsonContext.Default.IReadOnlyListMessageDto)
        {
            ListPath = $"{request.PathBase}/chatsessions/{sessionId}/messages/",
        };
    }

    [Function("StopMessage")]
    [AcceptsApiKey(ApiKeyScopes.Chat)]
    public async Task<IResult> Stop(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "chatsessions/{sessionId}/messages/{messageId}/stop")] HttpRequest request,
        string sessionId,
        string messageId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var message = await commands.StopAsync(
            context.GetUser().Id, RouteId.Parse(sessionId, Session), RouteId.Parse(messageId, "The message"), cancellationToken);
        return ApiResults.Ok(message, ApiJsonContext.Default.MessageDto);
    }

    [Function("RegenerateMessage")]
    [AcceptsApiKey(ApiKeyScopes.Chat)]
    public async Task<IResult> Regenerate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "chatsessions/{sessionId}/messages/{messageId}/regenerate")] HttpRequest request,
        string sessionId,
        string messageId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var (user, session, message) = (context.GetUser().Id, RouteId.Parse(sessionId, Session), RouteId.Parse(messageId, "The message"));
        var run = await commands.RegenerateAsync(user, session, message, MessageEventStreamResult.IsWanted(request), cancellationToken);
        return await AnsweredAsync(run, ApiResults.Ok, cancellationToken);
    }

    [Function("ExportSession")]
    [AcceptsApiKey(ApiKeyScopes.Read)]
    public async Task<IResult> Export(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "chatsessions/{sessionId}/export")] HttpRequest request,
        string sessionId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var id = RouteId.Parse(sessionId, Session);
        var format = request.Query["format"].ToString() is { Length: > 0 } requested ? requested : "json";
        if (format is not ("json" or "markdown"))
        {
            throw ProblemException.Validation("format", "Must be json or markdown.");
        }

        var export = await reader.ExportAsync(context.GetUser().Id, id, BranchesQuery.WantsAll(request), cancellationToken);
        request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"chat-{id}.{(format == "json" ? "json" : "md")}\"";
        return format == "json"
            ? ApiResults.Ok(export, ApiJsonContext.Default.ConversationExport)
            : TypedResults.Text(export.ToMarkdown(), "text/markdown; charset=utf-8");
    }

    /// <summary>A streamed answer goes out as its events come; any other as the stored message, once it has ended.</summary>
    private static async Task<IResult> AnsweredAsync(
        AnswerRun run, Func<MessageDto, JsonTypeInfo<MessageDto>, IResult> reply, CancellationToken readerGone)
        => run.Streamed
            ? new MessageEventStreamResult(run.ReadAllAsync(readerGone))
            : reply(await run.AnsweredAsync(), ApiJsonContext.Default.MessageDto);
}
