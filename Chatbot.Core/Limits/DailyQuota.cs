using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Gemini;
using Chatbot.Core.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Limits;

/// <summary>
/// <c>Quota__DailyTokens</c>, or the user's own quota when an admin set one: refuses, before the model is called, a
/// request whose input does not fit in what is left of the user's tokens for today: what is spent, what answers in
/// progress hold, and the whole input of this request (instructions, history and prompt), so a long prompt or a long
/// history regenerated is counted before it is sent, not after. Only the answer's own length is unknown beforehand: the last answer of a day may overshoot by that.
/// Read from the usage ledger under the user's write lock (see <see cref="AnswerAdmission"/>), so a reservation made
/// after this check is seen by every later one: parallel requests overshoot by at most the answers already in progress.
/// </summary>
public sealed class DailyQuota(ChatbotDbContext db, IOptions<QuotaOptions> quota, IOptions<GeminiOptions> gemini)
{
    internal async Task EnsureAvailableAsync(long userId, DateTime now, int inputTokens, CancellationToken cancellationToken)
    {
        // Read under the same lock as the spending, so a quota an admin changes holds from the next request on.
        if (await LimitOfAsync(db, userId, quota.Value, cancellationToken) is not { } limit)
        {
            return;
        }

        if (limit == 0)
        {
            throw new ProblemException(ProblemKind.TooManyRequests, "quota_exceeded",
                "This account's daily token quota is 0: an admin has turned its answers off.");
        }

        var (settled, reserved) = await SpentTodayAsync(
            db.UsageLedger.Where(entry => entry.UserId == userId), now, gemini.Value.LongestAnswer, cancellationToken);
        if (settled + reserved + inputTokens <= limit)
        {
            return;
        }

        // Only what answers in progress hold can come back today; what is spent, and this request's size, cannot.
        var untilMidnight = now.Date.AddDays(1) - now;
        throw settled >= limit ? Refused($"Today's quota of {limit} tokens is used up; it resets at midnight UTC.", untilMidnight)
            : settled + inputTokens > limit ? Refused(
                $"This request is about {inputTokens} tokens with its history; {limit - settled} of today's quota of {limit} tokens are left. "
                + "A new session, or a shorter prompt, costs less.",
                untilMidnight)
            : Refused($"Answers in progress may use the rest of today's quota of {limit} tokens; try again when they end.", MessageLimits.ShortRetry);
    }

    /// <summary>
    /// What <paramref name="rows"/> (a user's, or a key's) spent today and what their answers in progress hold. A
    /// reservation whose instance vanished is never settled; past the longest a live answer can take it no longer holds
    /// anything, so it cannot block anyone for the rest of the day.
    /// </summary>
    internal static async Task<(long Settled, long Reserved)> SpentTodayAsync(
        IQueryable<UsageEntry> rows, DateTime now, TimeSpan longestAnswer, CancellationToken cancellationToken)
    {
        var liveSince = now - longestAnswer;
        var today = await rows.AsNoTracking()
            .Where(entry => entry.CreatedAt >= now.Date)
            .GroupBy(_ => 1)
            .Select(group => new
            {
                Settled = group.Sum(entry => entry.Status == UsageStatus.Settled ? (long)entry.PromptTokens + entry.ResponseTokens : 0),
                Reserved = group.Sum(entry => entry.Status == UsageStatus.Reserved && entry.CreatedAt >= liveSince ? (long)entry.ReservedTokens : 0),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return (today?.Settled ?? 0, today?.Reserved ?? 0);
    }

    /// <summary>
    /// The user's daily quota: their own (<see cref="Auth.User.DailyTokenQuota"/>, 0 allowing no answers) when an admin
    /// set one, else the deployment's <c>Quota__DailyTokens</c>; null when neither limits them.
    /// </summary>
    internal static async Task<long?> LimitOfAsync(ChatbotDbContext db, long userId, QuotaOptions quota, CancellationToken cancellationToken)
    {
        var own = await db.Users.AsNoTracking()
            .Where(user => user.Id == userId)
            .Select(user => user.DailyTokenQuota)
            .SingleOrDefaultAsync(cancellationToken);
        return own ?? (quota.DailyTokens > 0 ? quota.DailyTokens : null);
    }

    private static ProblemException Refused(string detail, TimeSpan retryAfter)
        => new(ProblemKind.TooManyRequests, "quota_exceeded", detail) { RetryAfter = retryAfter };
}
