using System.Runtime.CompilerServices;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Gemini;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Core.Chats;

/// <summary>
/// Resuming a streamed answer, from any instance: the answer so far is replayed from the database, then followed
/// there until it ends, with the events a send streams. The database is the truth: the generator writes the text so
/// far with every heartbeat, so a follower lags the live answer by at most a beat.
/// </summary>
public sealed class AnswerFollower(ChatbotDbContext db, IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The message's answer after <paramref name="resumeAfter"/> (a delta's end offset; 0 from the start).</summary>
    public async Task<IAsyncEnumerable<MessageEvent>> FollowAsync(
        long userId, long sessionId, long messageId, int resumeAfter, CancellationToken cancellationToken)
    {
        await db.ChatSessions.EnsureOwnedAsync(userId, sessionId, cancellationToken);
        var message = await Read(db, sessionId, messageId).SingleOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.NotFound("The message");
        message = await db.WithAttachmentsAsync(await db.WithSiblingsAsync(message, cancellationToken), cancellationToken);
        return Follow(message, resumeAfter, cancellationToken);
    }

    private async IAsyncEnumerable<MessageEvent> Follow(MessageDto message, int sent, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new MessageEvent.Started(message);

        // The request's scope may end before the stream does; the polls get a scope of their own.
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ChatbotDbContext>();
        var current = message;
        while (true)
        {
            if (current.Response.Length > sent)
            {
                yield return new MessageEvent.Delta(current.Response[sent..], current.Response.Length);
                sent = current.Response.Length;
            }

            if (!MessageStatuses.IsInProgress(MessageStatuses.Parse(current.Status)))
            {
                yield return Ending(current);
                yield break;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
            if (await Read(store, current.Session, current.Id).SingleOrDefaultAsync(cancellationToken) is not { } next)
            {
                yield break; // Deleted with its session meanwhile.
            }

            current = next with { Siblings = message.Siblings, Attachments = message.Attachments };
        }
    }

    private static MessageEvent Ending(MessageDto message) => MessageStatuses.Parse(message.Status) switch
    {
        MessageStatus.Failed or MessageStatus.Blocked => new MessageEvent.Failed(GeminiProblems.FromStoredCode(message.ErrorCode, message.FinishReason, message.Id), message),
        _ => new MessageEvent.Completed(message),
    };

    private static IQueryable<MessageDto> Read(ChatbotDbContext db, long sessionId, long messageId) => db.Messages.AsNoTracking()
        .Where(message => message.Id == messageId && message.SessionId == sessionId)
        .Select(MessageDto.Projection);
}
