using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Gemini;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Usage;

/// <summary>Token spending per user, read from the usage ledger, and the daily quota.</summary>
public sealed class UsageService(ChatbotDbContext db, IOptions<QuotaOptions> quota, IOptions<GeminiOptions> gemini, TimeProvider time)
{
    /// <summary>When nothing caps an answer's length, this much is held for it while it is in progress.</summary>
    internal const int UncappedAnswerReserve = 2048;

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

    /// <summary>
    /// Refuses, before Gemini is called, a user whose tokens for today are spent or held by answers in progress.
    /// The caller holds the user's write lock (see <see cref="AnswerAdmission"/>), so a reservation made after this
    /// check is seen by every later one: parallel requests overshoot by at most the answers already in progress.
    /// </summary>
    internal async Task EnsureWithinQuotaAsync(long userId, DateTime now, CancellationToken cancellationToken)
    {
        var limit = quota.Value.DailyTokens;
        if (limit <= 0)
        {
            return;
        }

        // A reservation whose instance vanished is never settled; past the longest a live answer can take it no
        // longer holds anything, so it cannot block the user for the rest of the day.
        var liveSince = now - gemini.Value.LongestAnswer;
        var today = await db.UsageLedger.AsNoTracking()
            .Where(entry => entry.UserId == userId && entry.CreatedAt >= now.Date)
            .GroupBy(_ => 1)
            .Select(group => new
            {
                Settled = group.Sum(entry => entry.Status == UsageStatus.Settled ? (long)entry.PromptTokens + entry.ResponseTokens : 0),
                Reserved = group.Sum(entry => entry.Status == UsageStatus.Reserved && entry.CreatedAt >= liveSince ? (long)entry.ReservedTokens : 0),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (today is null || today.Settled + today.Reserved < limit)
        {
            return;
        }

        throw today.Settled >= limit
            ? new ProblemException(ProblemKind.TooManyRequests, "quota_exceeded",
                $"Today's quota of {limit} tokens is used up; it resets at midnight UTC.")
            {
                RetryAfter = now.Date.AddDays(1) - now,
            }
            : new ProblemException(ProblemKind.TooManyRequests, "quota_exceeded",
                $"Answers in progress may use the rest of today's quota of {limit} tokens; try again when they end.")
            {
                RetryAfter = MessageLimits.ShortRetry,
            };
    }

    /// <summary>
    /// What an answer may cost at most: its prompt as estimated, plus the longest answer it may get (the
    /// conversation's own cap, else <c>Gemini__MaxOutputTokens</c>, else a fixed reserve).
    /// </summary>
    internal static int Estimate(Conversation conversation, int? configuredMaxOutputTokens)
    {
        var prompt = TokenCost.Estimate(conversation.Options.Instructions)
            + conversation.Messages.Sum(message => TokenCost.Estimate(message.Text) + TokenCost.PerTurn);
        return prompt + (conversation.Options.MaxOutputTokens ?? configuredMaxOutputTokens ?? UncappedAnswerReserve);
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
