using Chatbot.Core.Data;
using Chatbot.Core.Gemini;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Chats;

/// <summary>
/// Answers nobody is generating any more. Generation runs in the instance that took the request; if that instance is
/// recycled mid-answer (a scale-in, a deployment), its message would stay pending or streaming for good, and could
/// neither be regenerated nor stopped. Once an answer is older than any live one can be, it is marked failed with
/// <c>interrupted</c>; the part already produced is kept.
/// </summary>
public sealed class AbandonedAnswers(ChatbotDbContext db, IOptions<GeminiOptions> gemini, TimeProvider time)
{
    public const string ErrorCode = "interrupted";

    /// <summary>Room for the last save after Gemini's deadline has passed.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    /// <summary>The longest a live answer can take: Gemini's deadline for a call or for a stream, whichever is longer.</summary>
    public TimeSpan LongestAnswer => (gemini.Value.StreamTimeout > gemini.Value.RequestTimeout ? gemini.Value.StreamTimeout : gemini.Value.RequestTimeout) + Grace;

    /// <summary>Marks every abandoned answer as failed; returns how many there were.</summary>
    public Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = Timestamps.Truncate(time.GetUtcNow());
        var cutoff = now - LongestAnswer;
        return db.Messages
            .Where(message => (message.Status == MessageStatus.Pending || message.Status == MessageStatus.Streaming)
                && message.AnsweringSince < cutoff)
            .ExecuteUpdateAsync(Message.Interrupted(ErrorCode, now), cancellationToken);
    }
}
