using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Operators;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.Operators;

/// <summary><see cref="AuditQueries"/>: the audit log newest first, paged, by action and by user.</summary>
public sealed class AdminAuditTests : CoreTest
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Lines_come_newest_first_and_filter_by_action_and_by_actor_or_target_user(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var admin = await Core.AdminAsync("root");
        var (kai, _) = await Core.UserWithSessionAsync("kai");
        var (lea, _) = await Core.UserWithSessionAsync("lea");
        await Core.UpdateUserAsync(admin, kai, quota: new(1));
        await Core.UpdateUserAsync(admin, lea, quota: new(2));
        await Core.InScopeAsync<AuditLog>(audit => audit.RecordAsync(new AuditLog.Actor(kai, "kai"), AuditActions.Logout));
        await Core.InScopeAsync<AuditLog>(audit => audit.RecordAsync(AuditLog.Actor.Anonymous, AuditActions.LoginFailed, detail: "unknown username"));

        var all = (await Core.AuditAsync()).Items;
        var updates = (await Core.AuditAsync(new AuditFilter(AuditActions.UserUpdated, null))).Items;
        var aboutKai = (await Core.AuditAsync(new AuditFilter(null, kai))).Items;
        var kaisUpdates = (await Core.AuditAsync(new AuditFilter(AuditActions.UserUpdated, kai))).Items;

        // Making the three users wrote their registrations first.
        Assert.Equal(
            [AuditActions.LoginFailed, AuditActions.Logout, AuditActions.UserUpdated, AuditActions.UserUpdated, AuditActions.Registered, AuditActions.Registered, AuditActions.Registered],
            all.Select(line => line.Action));
        Assert.True(all.Select(line => line.Id).SequenceEqual(all.Select(line => line.Id).OrderDescending()));
        Assert.Null(all[0].Actor);
        Assert.Equal([$"{lea}", $"{kai}"], updates.Select(line => line.TargetId));
        Assert.Equal([AuditActions.Logout, AuditActions.UserUpdated, AuditActions.Registered], aboutKai.Select(line => line.Action));
        Assert.Equal([$"{kai}"], kaisUpdates.Select(line => line.TargetId));
        Assert.Equal(3, (await Core.AuditAsync(new AuditFilter(null, admin))).Items.Count);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_log_pages_from_a_line_forward_and_back(DatabaseProvider provider)
    {
        await UseAsync(provider);
        for (var index = 0; index < 5; index++)
        {
            await Core.InScopeAsync<AuditLog>(audit => audit.RecordAsync(AuditLog.Actor.Anonymous, AuditActions.LoginFailed));
        }

        var ids = (await Core.AuditAsync()).Items.Select(line => line.Id).ToList();
        var first = await Core.AuditAsync(page: new Core.Chats.PageRequest(2, null, null));
        var second = await Core.AuditAsync(page: new Core.Chats.PageRequest(2, null, first.Items[^1].Id));
        var last = await Core.AuditAsync(page: new Core.Chats.PageRequest(2, null, second.Items[^1].Id));
        var back = await Core.AuditAsync(page: new Core.Chats.PageRequest(2, second.Items[0].Id, null));

        Assert.Equal(ids[..2], first.Items.Select(line => line.Id));
        Assert.Equal(ids[2..4], second.Items.Select(line => line.Id));
        Assert.Equal((true, true), (second.HasPrevious, second.HasNext));
        Assert.Equal(ids[4..], last.Items.Select(line => line.Id));
        Assert.Equal((true, false), (last.HasPrevious, last.HasNext));
        Assert.Equal(ids[..2], back.Items.Select(line => line.Id));
        Assert.Equal((false, true), (back.HasPrevious, back.HasNext));
    }

    [Theory]
    [InlineData("action", "login_succeeded", null)]
    [InlineData("action", "LOGIN", null)]
    [InlineData("user", null, "kai")]
    [InlineData("user", null, "0")]
    [InlineData("user", null, "-4")]
    public void An_unknown_action_or_a_user_that_is_not_an_id_is_a_400_naming_it(string field, string? action, string? user)
        => Assert.Equal([field], Assert.Throws<ProblemException>(() => AuditFilter.Parse(action, user)).Errors!.Keys);

    [Fact]
    public void Every_action_the_log_records_is_a_filter()
        => Assert.All(AuditActions.All, action => Assert.Equal(action, AuditFilter.Parse(action, "7").Action));
}
