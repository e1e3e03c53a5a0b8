using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Limits;

/// <summary>
/// How fast a user may ask Gemini: <c>Limits__MessagesPerMinute</c> prompts a minute (sends and regenerations) and
/// <c>Limits__AnswersInProgress</c> answers at once. Counted in the database, under the user's write lock (see
/// <see cref="AnswerAdmission"/>), so it holds across instances and under parallel requests.
/// </summary>
public sealed class MessageLimits(ChatbotDbContext db, IOptions<LimitsOptions> limits)
{
    /// <summary>When to try again after a refusal that ends when an answer does: answers take seconds.</summary>
    internal static readonly TimeSpan ShortRetry = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    internal async Task EnsureAllowedAsync(long userId, DateTime now, CancellationToken cancellationToken)
    {
        var options = limits.Value;
        if (!options.Enabled)
        {
            return;
        }

        var inProgress = await db.Messages
            .Where(MessageStatuses.InProgress)
            .CountAsync(message => db.ChatSessions.Any(session => session.Id == message.SessionId && session.UserId == userId), cancellationToken);
        if (inProgress >= options.AnswersInProgress)
        {
            throw new ProblemException(ProblemKind.TooManyRequests, "answers_in_progress",
                $"At most {options.AnswersInProgress} answers may be in progress at once; wait for one to end.")
            {
                RetryAfter = ShortRetry,
            };
        }

        // Every send and regeneration leaves a ledger row when it is let through, so the ledger is the count.
        var windowStart = now - Window;
        var recent = await db.UsageLedger.AsNoTracking()
            .Where(entry => entry.UserId == userId && entry.Kind != UsageKind.Title && entry.CreatedAt > windowStart)
            .OrderBy(entry => entry.CreatedAt)
            .Select(entry => entry.CreatedAt)
            .Take(options.MessagesPerMinute)
            .ToListAsync(cancellationToken);
        if (recent.Count >= options.MessagesPerMinute)
        {
            var oldestLeaves = recent[0] + Window - now;
            throw new ProblemException(ProblemKind.TooManyRequests, "rate_limited",
                $"At most {options.MessagesPerMinute} prompts a minute may be sent.")
            {
                RetryAfter = oldestLeaves > TimeSpan.FromSeconds(1) ? oldestLeaves : TimeSpan.FromSeconds(1),
            };
        }
    }
}
