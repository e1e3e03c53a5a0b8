using System.Globalization;
using Chatbot.Core.ApiKeys;
using Chatbot.Core.Chats;
using Chatbot.Core.Errors;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Chats;

/// <summary>
/// <c>GET /chatsessions/{id}/messages/{message_id}/stream/</c>: a streamed answer again, from the start or after the
/// <c>Last-Event-ID</c> a reader saw last, then live until it ends; from any instance.
/// </summary>
public sealed class AnswerStreamFunction(AnswerFollower follower)
{
    [Function("StreamMessage")]
    [AcceptsApiKey(ApiKeyScopes.Chat)]
    public async Task<IResult> Stream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "chatsessions/{sessionId}/messages/{messageId}/stream")] HttpRequest request,
        string sessionId,
        string messageId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var (session, message) = (RouteId.Parse(sessionId, "The chat session"), RouteId.Parse(messageId, "The message"));
        var events = await follower.FollowAsync(context.GetUser().Id, session, message, ResumeAfter(request), cancellationToken);
        return new MessageEventStreamResult(events);
    }

    /// <summary>The end offset of the last delta the reader has (an SSE <c>id</c>); none means from the start.</summary>
    private static int ResumeAfter(HttpRequest request)
    {
        var header = request.Headers["Last-Event-ID"].ToString();
        if (header.Length == 0)
        {
            return 0;
        }

        return int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw ProblemException.Validation("Last-Event-ID", "Must be the id of a delta event: a whole number.");
    }
}
