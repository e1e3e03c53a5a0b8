using Chatbot.Core.ApiKeys;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Gemini;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Limits;

/// <summary>
/// A key's own limits, on top of its owner's: <c>requests_per_minute</c> and <c>daily_token_budget</c>. Counted from
/// the ledger rows that name the key, under the owner's write lock (<see cref="AnswerAdmission"/>), so they hold
/// across instances and parallel requests exactly as the user's do.
/// </summary>
public sealed class ApiKeyLimits(ChatbotDbContext db, IOptions<GeminiOptions> gemini)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    internal async Task EnsureAllowedAsync(ApiKeyGrant key, DateTime now, int inputTokens, CancellationToken cancellationToken)
    {
        var rows = db.UsageLedger.AsNoTracking().Where(entry => entry.ApiKeyId == key.Id);
        if (key.RequestsPerMinute is { } perMinute)
        {
            var recent = await rows.Where(entry => entry.CreatedAt > now - Window)
                .OrderBy(entry => entry.CreatedAt)
                .Select(entry => entry.CreatedAt)
                .Take(perMinute)
                .ToListAsync(cancellationToken);
            if (SlidingWindow.ReopensAt(recent, perMinute, Window) is { } reopens)
            {
                throw new ProblemException(ProblemKind.TooManyRequests, "rate_limited", $"This API key may ask for at most {perMinute} answers a minute.")
                {
                    RetryAfter = reopens - now > TimeSpan.FromSeconds(1) ? reopens - now : TimeSpan.FromSeconds(1),
                };
            }
        }

        if (key.DailyTokenBudget is { } budget)
        {
            var (settled, reserved) = await DailyQuota.SpentTodayAsync(rows, now, gemini.Value.LongestAnswer, cancellationToken);
            if (settled + reserved + inputTokens > budget)
            {
                throw new ProblemException(ProblemKind.TooManyRequests, "quota_exceeded",
                    settled >= budget
                        ? $"This API key's daily budget of {budget} tokens is used up; it resets at midnight UTC."
                        : $"This request, with what is spent and held, would pass this API key's daily budget of {budget} tokens.")
                {
                    RetryAfter = settled + inputTokens > budget ? now.Date.AddDays(1) - now : MessageLimits.ShortRetry,
                };
            }
        }
    }
}
