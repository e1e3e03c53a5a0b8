using Chatbot.Core.Data;
using Chatbot.Core.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Usage;

/// <summary>Token spending per user, read from the usage ledger (the quota is enforced by <see cref="DailyQuota"/>).</summary>
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
            await DailyQuota.LimitOfAsync(db, userId, quota.Value, cancellationToken));
    }

    private async Task<UsagePeriod> SumAsync(long userId, DateTime since, CancellationToken cancellationToken)
    {
        var totals = await db.UsageLedger.AsNoTracking()
            .Where(entry => entry.UserId == userId && entry.CreatedAt >= since && entry.Status == UsageStatus.Settled)
            .GroupBy(_ => 1)
            .Select(group => new
            {
                Prompt = group.Sum(entry => (long)entry.PromptTokens),
                Response = group.Sum(entry => (long)entry.ResponseTokens),
                Answers = group.Count(entry => entry.Kind != UsageKind.Title),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return totals is null
            ? new UsagePeriod(since, 0, 0, 0, 0)
            : new UsagePeriod(since, totals.Prompt, totals.Response, totals.Prompt + totals.Response, totals.Answers);
    }
}
