using Chatbot.Core.ApiKeys;
using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Limits;

/// <summary>
/// Whether a user may ask for one more answer now: the message limits (<see cref="MessageLimits"/>), then the daily
/// quota (<see cref="DailyQuota"/>), then, for a request made with an API key, the key's own limits
/// (<see cref="ApiKeyLimits"/>). It runs inside the caller's write transaction, which then stores the prompt and
/// its reservation, so N parallel requests (on any number of instances) are counted one after another: SQLite's single
/// writer (<c>BEGIN IMMEDIATE</c>), and on PostgreSQL a per-user advisory lock held until commit.
/// </summary>
public sealed class AnswerAdmission(ChatbotDbContext db, MessageLimits limits, DailyQuota quota, ApiKeyLimits keyLimits, ApiKeyCaller caller)
{
    /// <summary>
    /// Throws the limit's problem when the answer is refused; stores nothing either way. <paramref name="inputTokens"/>
    /// is the request's whole input (instructions, history and prompt), counted against the quota before it is sent.
    /// </summary>
    internal async Task EnsureAllowedAsync(long userId, DateTime now, int inputTokens, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({userId})", cancellationToken);
        }

        await limits.EnsureAllowedAsync(userId, now, cancellationToken);
        await quota.EnsureAvailableAsync(userId, now, inputTokens, cancellationToken);
        if (caller.Grant is { } key)
        {
            await keyLimits.EnsureAllowedAsync(key, now, inputTokens, cancellationToken);
        }
    }
}
