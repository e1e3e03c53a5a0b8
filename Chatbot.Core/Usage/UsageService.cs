using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Usage;

/// <summary>Token spending per user, from the counts Gemini reports with each answer, and the daily quota.</summary>
public sealed class UsageService(ChatbotDbContext db, IOptions<QuotaOptions> quota, TimeProvider time)
{
    public async Task<UsageDto> GetAsync(long userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var day = now.Date;
        var month = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return new UsageDto(
            await SumAsync(userId, day, cancellationToken),
            await SumAsync(userId, month, cancellationToken),
            quota.Value.DailyTokens > 0 ? quota.Value.DailyTokens : null);
    }

    /// <summary>Refuses, before Gemini is called, a user whose tokens for today are spent; says when the quota resets.</summary>
    public async Task EnsureWithinQuotaAsync(long userId, CancellationToken cancellationToken)
    {
        if (quota.Value.DailyTokens <= 0)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var today = await SumAsync(userId, now.Date, cancellationToken);
        if (today.TotalTokens >= quota.Value.DailyTokens)
        {
            throw new ProblemException(ProblemKind.TooManyRequests, "quota_exceeded",
                $"Today's quota of {quota.Value.DailyTokens} tokens is used up; it resets at midnight UTC.")
            {
                RetryAfter = now.Date.AddDays(1) - now,
            };
        }
    }

    private async Task<UsagePeriod> SumAsync(long userId, DateTime since, CancellationToken cancellationToken)
    {
        var totals = await db.Messages.AsNoTracking()
            .Where(message => message.CreatedAt >= since
                && db.ChatSessions.Any(session => session.Id == message.SessionId && session.UserId == userId))
            .GroupBy(_ => 1)
            .Select(group => new
            {
                Prompt = group.Sum(message => (long?)message.PromptTokens) ?? 0,
                Response = group.Sum(message => (long?)message.ResponseTokens) ?? 0,
                Count = group.Count(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return totals is null
            ? new UsagePeriod(since, 0, 0, 0, 0)
            : new UsagePeriod(since, totals.Prompt, totals.Response, totals.Prompt + totals.Response, totals.Count);
    }
}
