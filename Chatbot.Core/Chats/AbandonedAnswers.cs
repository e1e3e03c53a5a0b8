using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Chats;

/// <summary>
/// Answers nobody is generating any more. Generation runs in the instance that took the request; if that instance is
/// recycled or crashes mid-answer, its message would stay pending or streaming for good, and could neither be
/// regenerated nor stopped. A live answer beats every second (<see cref="AnswerHeartbeat"/>); one whose heartbeat is
/// older than <see cref="MissedHeartbeats"/> is marked failed with <c>interrupted</c>, keeping the text it had reached.
/// </summary>
public sealed class AbandonedAnswers(ChatbotDbContext db, TimeProvider time)
{
    public const string ErrorCode = "interrupted";

    /// <summary>Fifteen beats missed: longer than any pause a busy database or a garbage collection makes.</summary>
    public static readonly TimeSpan MissedHeartbeats = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Marks every abandoned answer as failed, then removes the <see cref="ChatSession.Transient"/> sessions whose
    /// answer is no longer in progress: their instance died before it could (the one that finishes removes its own in
    /// the save that ends the answer). Returns how many answers were abandoned.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetDatabaseNow();
        var cutoff = now - MissedHeartbeats;
        var abandoned = await db.Messages
            .Where(MessageStatuses.InProgress)
            // Rows from before heartbeats existed have none; their start is what they have.
            .Where(message => message.HeartbeatAt < cutoff || (message.HeartbeatAt == null && message.AnsweringSince < cutoff))
            .ExecuteUpdateAsync(Message.Interrupted(ErrorCode, now), cancellationToken);
        await db.ChatSessions
            .Where(session => session.Transient)
            .Where(session => !db.Messages.Where(MessageStatuses.InProgress).Any(message => message.SessionId == session.Id))
            .ExecuteDeleteAsync(cancellationToken);
        return abandoned;
    }
}
