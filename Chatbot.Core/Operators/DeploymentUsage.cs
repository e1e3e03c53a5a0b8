using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Usage;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Operators;

/// <summary>
/// Tokens and answers per UTC day for the whole deployment, and the top spenders, from the usage ledger (settled rows,
/// as <c>GET /usage/</c> counts them). A deleted account's rows are gone with it, so its spending leaves the figures.
/// </summary>
public sealed class DeploymentUsage(ChatbotDbContext db, TimeProvider time)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;
    public const int TopUserCount = 10;

    /// <summary><c>?days=</c>: 1 to <see cref="MaxDays"/> (a year, leap day included), <see cref="DefaultDays"/> when absent.</summary>
    public static int ParseDays(string? days)
    {
        var errors = new Dictionary<string, string[]>();
        var count = days is null ? DefaultDays : PageRequest.ParseNumber(days, "days", errors, 1, MaxDays);
        return errors.Count > 0 ? throw ProblemException.Validation(errors) : (int)count;
    }

    /// <summary>The last <paramref name="days"/> UTC days, today included.</summary>
    public async Task<DeploymentUsageDto> GetAsync(int days, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().UtcDateTime.Date.AddDays(1 - days);
        var settled = db.UsageLedger.AsNoTracking().Where(entry => entry.CreatedAt >= since && entry.Status == UsageStatus.Settled);

        var spentByDay = (await settled
            .GroupBy(entry => entry.CreatedAt.Date)
            .Select(group => new
            {
                Day = group.Key,
                Prompt = group.Sum(entry => (long)entry.PromptTokens),
                Response = group.Sum(entry => (long)entry.ResponseTokens),
                Answers = group.Count(entry => entry.Kind != UsageKind.Title),
            })
            .ToListAsync(cancellationToken))
            .ToDictionary(
                day => DateOnly.FromDateTime(day.Day),
                day => new DayUsageDto(DateOnly.FromDateTime(day.Day), day.Prompt, day.Response, day.Prompt + day.Response, day.Answers));
        var perDay = Enumerable.Range(0, days)
            .Select(offset => DateOnly.FromDateTime(since.AddDays(offset)))
            .Select(day => spentByDay.TryGetValue(day, out var spent) ? spent : new DayUsageDto(day, 0, 0, 0, 0))
            .ToList();

        return new DeploymentUsageDto(
            since, perDay.Sum(day => day.TotalTokens), perDay.Sum(day => day.Messages), perDay, await TopUsersAsync(settled, cancellationToken));
    }

    private async Task<IReadOnlyList<TopUserDto>> TopUsersAsync(IQueryable<UsageEntry> settled, CancellationToken cancellationToken)
    {
        var top = await settled
            .GroupBy(entry => entry.UserId)
            .Select(group => new
            {
                UserId = group.Key,
                Tokens = group.Sum(entry => (long)entry.PromptTokens + entry.ResponseTokens),
                Answers = group.Count(entry => entry.Kind != UsageKind.Title),
            })
            .OrderByDescending(spender => spender.Tokens).ThenBy(spender => spender.UserId)
            .Take(TopUserCount)
            .ToListAsync(cancellationToken);
        var ids = top.Select(spender => spender.UserId).ToList();
        var usernames = await db.Users.AsNoTracking()
            .Where(user => ids.Contains(user.Id))
            .Select(user => new { user.Id, user.Username })
            .ToDictionaryAsync(user => user.Id, user => user.Username, cancellationToken);
        return top.Where(spender => usernames.ContainsKey(spender.UserId))
            .Select(spender => new TopUserDto(spender.UserId, usernames[spender.UserId], spender.Tokens, spender.Answers))
            .ToList();
    }
}
