using Chatbot.Core.Data;
using Chatbot.Core.Usage;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Operators;

/// <summary>What each of some users spent since a time, from the usage ledger, in one grouped read.</summary>
internal static class UserUsageSums
{
    /// <summary>Settled spending per user (as <c>GET /usage/</c> counts it); a user with none is absent.</summary>
    public static async Task<Dictionary<long, UsageSummary>> SinceAsync(
        this ChatbotDbContext db, IReadOnlyCollection<long> userIds, DateTime since, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            return [];
        }

        var sums = await db.UsageLedger.AsNoTracking()
            .Where(entry => userIds.Contains(entry.UserId) && entry.CreatedAt >= since && entry.Status == UsageStatus.Settled)
            .GroupBy(entry => entry.UserId)
            .Select(group => new
            {
                UserId = group.Key,
                Tokens = group.Sum(entry => (long)entry.PromptTokens + entry.ResponseTokens),
                Answers = group.Count(entry => entry.Kind != UsageKind.Title),
            })
            .ToListAsync(cancellationToken);
        return sums.ToDictionary(sum => sum.UserId, sum => new UsageSummary(sum.Tokens, sum.Answers));
    }

    public static UsageSummary Of(this Dictionary<long, UsageSummary> sums, long userId)
        => sums.TryGetValue(userId, out var sum) ? sum : UsageSummary.None;
}
