using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Usage;

/// <summary>Token spending per user, read from the usage ledger (the quota is enforced by <see cref="DailyQuota"/>).</summary>
public sealed class UsageService(ChatbotDbContext db, IOptions<QuotaOptions> quota, TimeProvider time)
{
    public async Task<UsageDto> GetAsync(long userId, CancellationToken cancellationToken)
        => await GetAsync(db.UsageLedger.Where(entry => entry.UserId == userId),
            await DailyQuota.LimitOfAsync(db, userId, quota.Value, cancellationToken), cancellationToken);

    /// <summary>One of the user's API keys' spending (<c>/usage/?api_key=</c>), with the key's own daily budget; another user's key is not found.</summary>
    public async Task<UsageDto> GetForKeyAsync(long userId, long apiKeyId, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.AsNoTracking()
            .Where(key => key.Id == apiKeyId && key.UserId == userId)
            .Select(key => new { key.DailyTokenBudget })
            .SingleOrDefaultAsync(cancellationToken) ?? throw ProblemException.NotFound("The API key");
        return await GetAsync(db.UsageLedger.Where(entry => entry.UserId == userId && entry.ApiKeyId == apiKeyId), key.DailyTokenBudget, cancellationToken);
    }

    private async Task<UsageDto> GetAsync(IQueryable<UsageEntry> rows, long? dailyLimit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var day = now.Date;
        var month = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return new UsageDto(await SumAsync(rows, day, cancellationToken), await SumAsync(rows, month, cancellationToken), dailyLimit);
    }

    private static async Task<UsagePeriod> SumAsync(IQueryable<UsageEntry> rows, DateTime since, CancellationToken cancellationToken)
    {
        var totals = await rows.AsNoTracking()
            .Where(entry => entry.CreatedAt >= since && entry.Status == UsageStatus.Settled)
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
