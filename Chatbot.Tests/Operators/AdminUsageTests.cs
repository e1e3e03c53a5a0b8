using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Operators;
using Chatbot.Core.Usage;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.Operators;

/// <summary><see cref="DeploymentUsage"/>: the whole deployment's spending per UTC day and its top users.</summary>
public sealed class AdminUsageTests : CoreTest
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Usage_is_summed_per_utc_day_with_empty_days_and_the_top_users_of_the_period(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var (hana, hanaSession) = await Core.UserWithSessionAsync("hana");
        var (ivo, ivoSession) = await Core.UserWithSessionAsync("ivo");
        var (jan, janSession) = await Core.UserWithSessionAsync("jan");
        var now = Core.Time.GetUtcNow().UtcDateTime;
        await SpendAsync(UsageEntry.Record(hana, hanaSession, UsageKind.Answer, 10, 20, now));
        await SpendAsync(UsageEntry.Record(hana, hanaSession, UsageKind.Title, 1, 2, now.Date));
        await SpendAsync(UsageEntry.Record(ivo, ivoSession, UsageKind.Answer, 50, 50, now.Date.AddTicks(-1)));
        await SpendAsync(UsageEntry.Record(jan, janSession, UsageKind.Answer, 500, 500, now.AddDays(-3)));
        // An answer in progress has spent nothing yet.
        await SpendAsync(UsageEntry.Reserve(jan, janSession, 1, UsageKind.Answer, 9_000, now));

        var usage = await Core.InScopeAsync<DeploymentUsage, DeploymentUsageDto>(service => service.GetAsync(3, default));

        Assert.Equal(now.Date.AddDays(-2), usage.Since);
        Assert.Equal(
            [new DayUsageDto(Day(-2), 0, 0, 0, 0), new DayUsageDto(Day(-1), 50, 50, 100, 1), new DayUsageDto(Day(0), 11, 22, 33, 1)],
            usage.PerDay);
        Assert.Equal((133L, 2), (usage.TotalTokens, usage.Messages));
        Assert.Equal([new TopUserDto(ivo, "ivo", 100, 1), new TopUserDto(hana, "hana", 33, 1)], usage.TopUsers);

        DateOnly Day(int offset) => DateOnly.FromDateTime(now.AddDays(offset));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Only_the_ten_biggest_spenders_are_named(DatabaseProvider provider)
    {
        await UseAsync(provider);
        for (var index = 1; index <= 12; index++)
        {
            var (user, session) = await Core.UserWithSessionAsync($"spender{index}");
            await SpendAsync(UsageEntry.Record(user, session, UsageKind.Answer, index, 0, Core.Time.GetUtcNow().UtcDateTime));
        }

        var usage = await Core.InScopeAsync<DeploymentUsage, DeploymentUsageDto>(service => service.GetAsync(DeploymentUsage.DefaultDays, default));

        Assert.Equal(DeploymentUsage.DefaultDays, usage.PerDay.Count);
        Assert.Equal(Enumerable.Range(3, 10).Reverse().Select(index => $"spender{index}"), usage.TopUsers.Select(user => user.Username));
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData("1", 1)]
    [InlineData("366", 366)]
    public void Days_default_to_thirty_and_go_up_to_a_year(string? days, int expected)
        => Assert.Equal(expected, DeploymentUsage.ParseDays(days));

    [Theory]
    [InlineData("0")]
    [InlineData("367")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("99999999999999999999")]
    public void Days_out_of_bounds_are_a_400_naming_days(string days)
        => Assert.Equal(["days"], Assert.Throws<ProblemException>(() => DeploymentUsage.ParseDays(days)).Errors!.Keys);

    private Task SpendAsync(UsageEntry entry) => Core.InScopeAsync<ChatbotDbContext>(async db =>
    {
        db.UsageLedger.Add(entry);
        await db.SaveChangesAsync();
    });
}
