using Chatbot.Core.Chats;
using Chatbot.Core.Limits;
using Chatbot.Core.Operators;
using Chatbot.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Chatbot.Functions.Admin;

/// <summary>
/// Other users' chats, for an admin (moderation): a user's sessions, a session's messages, deleting a session. All three
/// answer 404 when <c>Admin__ChatAccess</c> is off.
/// </summary>
public sealed class AdminChatFunctions(AdminChats chats, IOptions<ClientAddressOptions> addresses)
{
    private const string Session = "The chat session";

    [Function("AdminListUserSessions")]
    public async Task<IResult> ListSessions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/users/{userId}/chatsessions")] HttpRequest request,
        string userId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var id = RouteId.Parse(userId, "The user");
        var page = PageQuery.From(request);
        var sessions = await chats.ListSessionsAsync(Actor(context, request), id, page, cancellationToken);
        return new PagedResult<ChatSessionDto>(sessions, page, session => session.Id, ApiJsonContext.Default.IReadOnlyListChatSessionDto);
    }

    [Function("AdminListMessages")]
    public async Task<IResult> ListMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/chatsessions/{sessionId}/messages")] HttpRequest request,
        string sessionId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var id = RouteId.Parse(sessionId, Session);
        var page = PageQuery.From(request);
        var messages = await chats.ListMessagesAsync(Actor(context, request), id, page, cancellationToken);
        return new PagedResult<MessageDto>(messages, page, message => message.Id, ApiJsonContext.Default.IReadOnlyListMessageDto);
    }

    [Function("AdminDeleteSession")]
    public async Task<IResult> DeleteSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "admin/chatsessions/{sessionId}")] HttpRequest request,
        string sessionId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        await chats.DeleteSessionAsync(Actor(context, request), RouteId.Parse(sessionId, Session), cancellationToken);
        return ApiResults.NoContent();
    }

    private AdminActor Actor(FunctionContext context, HttpRequest request) => AdminCaller.Of(context, request, addresses.Value.TrustedProxyHops);
}
