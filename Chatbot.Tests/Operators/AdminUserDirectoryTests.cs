using Chatbot.Core.Auth;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Operators;
using Chatbot.Core.Usage;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.Operators;

public sealed class AdminUserDirectoryTests : CoreTest
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Users_are_listed_newest_first_with_role_status_quota_and_todays_usage(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var admin = await Core.AdminAsync("root");
        Core.Time.Advance(TimeSpan.FromMinutes(1));
        var (anna, session) = await Core.UserWithSessionAsync("anna");
        await SpendAsync(anna, session, 30, daysAgo: 1);
        await SpendAsync(anna, session, 12, daysAgo: 0);
        await SpendAsync(anna, session, 5, daysAgo: 0, UsageKind.Title);
        await Core.UpdateUserAsync(admin, anna, quota: new(100));

        var users = (await Core.ListUsersAsync(new UserFilter(null, null, null))).Items;

        Assert.Equal(["anna", "root"], users.Select(user => user.Username));
        var first = users[0];
        Assert.Equal(
            (anna, "anna@example.com", "user", "active", Core.Time.GetUtcNow().UtcDateTime, (DateTime?)null, (long?)100, new UsageSummary(17, 1)),
            (first.Id, first.Email, first.Role, first.Status, first.DateJoined, first.LastLogin, first.DailyTokenQuota, first.UsageToday));
        Assert.Equal(("admin", UsageSummary.None), (users[1].Role, users[1].UsageToday));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Search_matches_part_of_a_username_or_an_email_in_any_case_and_filters_by_role_and_status(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var admin = await Core.AdminAsync("root");
        var bea = (await Core.RegisterAsync("Beatrix", "bea@Example.org", "beatrix-password")).Id;
        var carl = (await Core.RegisterAsync("carl", "carl@work.example.com", "carl-password")).Id;
        await Core.UpdateUserAsync(admin, carl, status: "deactivated");

        Assert.Equal([bea], await IdsAsync("TRIX", null, null));
        Assert.Equal([bea], await IdsAsync("example.ORG", null, null));
        Assert.Equal([carl], await IdsAsync("WORK.", null, null));
        Assert.Equal([carl, bea], await IdsAsync("a", "user", null));
        Assert.Equal([admin], await IdsAsync(null, "admin", null));
        Assert.Equal([carl], await IdsAsync(null, null, "deactivated"));
        Assert.Empty(await IdsAsync("%", null, null));
        Assert.Empty(await IdsAsync("bea", null, "deactivated"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_list_pages_from_a_user_forward_and_back(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var ids = new List<long>();
        for (var index = 0; index < 5; index++)
        {
            ids.Add((await Core.RegisterAsync($"pager{index}", $"pager{index}@example.com", "pager-password")).Id);
        }

        ids.Reverse();
        var all = new UserFilter(null, null, null);

        var first = await Core.ListUsersAsync(all, new PageRequest(2, null, null));
        var second = await Core.ListUsersAsync(all, new PageRequest(2, null, first.Items[^1].Id));
        var back = await Core.ListUsersAsync(all, new PageRequest(2, second.Items[0].Id, null));

        Assert.Equal(ids[..2], first.Items.Select(user => user.Id));
        Assert.Equal((false, true), (first.HasPrevious, first.HasNext));
        Assert.Equal(ids[2..4], second.Items.Select(user => user.Id));
        Assert.Equal((true, true), (second.HasPrevious, second.HasNext));
        Assert.Equal(ids[..2], back.Items.Select(user => user.Id));
        Assert.Equal((false, true), (back.HasPrevious, back.HasNext));
        var stranger = await Assert.ThrowsAsync<ProblemException>(() => Core.ListUsersAsync(all, new PageRequest(2, null, 9_999)));
        Assert.Equal(["after"], stranger.Errors!.Keys);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task One_user_shows_this_months_usage_and_how_many_sessions(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var (dora, session) = await Core.UserWithSessionAsync("dora");
        await Core.NewSessionAsync(dora);
        // The clock stands on 25 November: 30 days ago is October, outside this month.
        await SpendAsync(dora, session, 40, daysAgo: 30);
        await SpendAsync(dora, session, 20, daysAgo: 3);
        await SpendAsync(dora, session, 2, daysAgo: 0);

        var user = await Core.GetUserAsync(dora);

        Assert.Equal((new UsageSummary(2, 1), new UsageSummary(22, 2), 2), (user.UsageToday, user.UsageThisMonth, user.SessionCount));
    }

    [Theory]
    [InlineData("q", "x", null, null)]
    [InlineData("role", null, "superuser", null)]
    [InlineData("role", null, "Admin", null)]
    [InlineData("status", null, null, "inactive")]
    public void Bad_filters_are_400s_that_name_the_parameter(string field, string? q, string? role, string? status)
    {
        var query = q is null ? null : new string('x', UserFilter.MaxQueryLength + 1);

        var problem = Assert.Throws<ProblemException>(() => UserFilter.Parse(query, role, status));

        Assert.Equal([field], problem.Errors!.Keys);
    }

    [Fact]
    public void A_filter_reads_names_as_the_api_writes_them()
        => Assert.Equal(new UserFilter("bob", UserRole.Admin, AccountStatus.Pending), UserFilter.Parse(" bob ", "admin", "pending"));

    private async Task<List<long>> IdsAsync(string? q, string? role, string? status)
        => (await Core.ListUsersAsync(UserFilter.Parse(q, role, status))).Items.Select(user => user.Id).ToList();

    private Task SpendAsync(long user, long session, int tokens, int daysAgo, UsageKind kind = UsageKind.Answer)
        => Core.InScopeAsync<ChatbotDbContext>(async db =>
        {
            db.UsageLedger.Add(UsageEntry.Record(user, session, kind, tokens, 0, Core.Time.GetUtcNow().UtcDateTime.AddDays(-daysAgo)));
            await db.SaveChangesAsync();
        });
}
