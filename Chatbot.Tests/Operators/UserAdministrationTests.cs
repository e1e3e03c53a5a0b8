using System.Text.Json;
using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Operators;
using Chatbot.Core.Usage;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chatbot.Tests.Operators;

public sealed class UserAdministrationTests : CoreTest
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_patch_changes_only_the_fields_sent_and_its_audit_line_says_what_changed(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var admin = await Core.AdminAsync("root");
        var (user, _) = await Core.UserWithSessionAsync("ursula");

        var promoted = await Core.UpdateUserAsync(admin, user, role: "admin", quota: new(5_000));
        var unchanged = await Core.UpdateUserAsync(admin, user);
        var defaulted = await Core.UpdateUserAsync(admin, user, quota: new(null));

        Assert.Equal(("admin", "active", 5_000L, 1), (promoted.Role, promoted.Status, promoted.DailyTokenQuota, promoted.SessionCount));
        Assert.Equal(promoted, unchanged);
        Assert.Null(defaulted.DailyTokenQuota);
        var lines = (await Core.AuditAsync(new AuditFilter(AuditActions.UserUpdated, null))).Items;
        Assert.Equal(2, lines.Count);
        var first = lines[^1];
        Assert.Equal((admin, "root", "user", user.ToString(System.Globalization.CultureInfo.InvariantCulture), CoreServices.ClientAddress),
            (first.Actor, first.ActorUsername, first.TargetType, first.TargetId, first.Address));
        using var detail = JsonDocument.Parse(first.Detail!);
        Assert.Equal("user", detail.RootElement.GetProperty("role").GetProperty("from").GetString());
        Assert.Equal("admin", detail.RootElement.GetProperty("role").GetProperty("to").GetString());
        Assert.Equal(5_000, detail.RootElement.GetProperty("daily_token_quota").GetProperty("to").GetInt64());
        Assert.False(detail.RootElement.TryGetProperty("status", out _));
    }

    [Theory]
    [InlineData("superuser", null, null, "role")]
    [InlineData(null, "Active", null, "status")]
    [InlineData(null, "banned", null, "status")]
    [InlineData(null, null, -1L, "daily_token_quota")]
    public async Task Unknown_roles_and_statuses_and_negative_quotas_are_400s_that_name_the_field(string? role, string? status, long? quota, string field)
    {
        var admin = await Core.AdminAsync("root");
        var (user, _) = await Core.UserWithSessionAsync("victor");

        var problem = await Assert.ThrowsAsync<ProblemException>(
            () => Core.UpdateUserAsync(admin, user, role, status, quota is null ? null : new(quota)));

        Assert.Equal(ProblemKind.Validation, problem.Kind);
        Assert.Equal([field], problem.Errors!.Keys);
        Assert.Empty(await Core.AuditWithoutRegistrationsAsync());
    }

    [Fact]
    public async Task A_role_sent_as_null_is_refused_too()
    {
        var admin = await Core.AdminAsync("root");

        var problem = await Assert.ThrowsAsync<ProblemException>(() => Core.InScopeAsync<UserAdministration, AdminUserDetailDto>(
            administration => administration.UpdateAsync(CoreOperators.Actor(admin), admin, new UserChanges(new(null), null, null), default)));

        Assert.Equal(["role"], problem.Errors!.Keys);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_missing_user_is_404_for_every_change(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var admin = await Core.AdminAsync("root");

        var patch = await Assert.ThrowsAsync<ProblemException>(() => Core.UpdateUserAsync(admin, 9_999, status: "deactivated"));
        var delete = await Assert.ThrowsAsync<ProblemException>(() => Core.DeleteUserAsync(admin, 9_999));
        var get = await Assert.ThrowsAsync<ProblemException>(() => Core.GetUserAsync(9_999));

        Assert.All([patch, delete, get], problem => Assert.Equal((ProblemKind.NotFound, "not_found"), (problem.Kind, problem.Code)));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_last_active_admin_cannot_be_demoted_deactivated_set_pending_or_deleted(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var admin = await Core.AdminAsync("root");
        // An admin who is switched off does not count.
        var dormant = await Core.AdminAsync("dormant");
        await Core.UpdateUserAsync(admin, dormant, status: "deactivated");

        var refusals = new[]
        {
            await Assert.ThrowsAsync<ProblemException>(() => Core.UpdateUserAsync(admin, admin, role: "user")),
            await Assert.ThrowsAsync<ProblemException>(() => Core.UpdateUserAsync(admin, admin, status: "deactivated")),
            await Assert.ThrowsAsync<ProblemException>(() => Core.UpdateUserAsync(admin, admin, status: "pending")),
            await Assert.ThrowsAsync<ProblemException>(() => Core.DeleteUserAsync(admin, admin)),
        };

        Assert.All(refusals, problem => Assert.Equal((ProblemKind.Conflict, "last_admin"), (problem.Kind, problem.Code)));
        var still = await Core.GetUserAsync(admin);
        Assert.Equal(("admin", "active"), (still.Role, still.Status));
        // Its quota is not a matter of the rule, and another active admin lets it step down.
        Assert.Equal(10, (await Core.UpdateUserAsync(admin, admin, quota: new(10))).DailyTokenQuota);
        await Core.UpdateUserAsync(admin, dormant, status: "active");
        Assert.Equal("user", (await Core.UpdateUserAsync(admin, admin, role: "user")).Role);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Two_admins_demoting_each_other_at_once_leave_one_admin(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var first = await Core.AdminAsync("first");
        var second = await Core.AdminAsync("second");

        for (var round = 0; round < 3; round++)
        {
            var outcomes = await Task.WhenAll(
                Outcome(() => Core.UpdateUserAsync(first, second, role: "user")),
                Outcome(() => round % 2 == 0 ? Core.UpdateUserAsync(second, first, status: "deactivated") : Core.DeleteUserAsync(second, first)));

            Assert.Equal(["last_admin", "ok"], outcomes.Order(StringComparer.Ordinal));
            var admins = await Core.InScopeAsync<ChatbotDbContext, int>(
                db => db.Users.CountAsync(user => user.Role == UserRole.Admin && user.Status == AccountStatus.Active));
            Assert.Equal(1, admins);

            // Back to two admins for the next round.
            await Core.InScopeAsync<ChatbotDbContext>(db => db.Users.Where(user => user.Id == first || user.Id == second)
                .ExecuteUpdateAsync(setters => setters.SetProperty(user => user.Role, UserRole.Admin).SetProperty(user => user.Status, AccountStatus.Active)));
            if (round % 2 == 1 && outcomes[1] == "ok")
            {
                first = await Core.AdminAsync($"first{round}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Deactivating_or_setting_pending_ends_every_login_of_the_user_at_once(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var admin = await Core.AdminAsync("root");
        var (wendy, _) = await Core.UserWithSessionAsync("wendy");
        var (xavier, _) = await Core.UserWithSessionAsync("xavier");
        var phone = await Core.LoginAsync("wendy", "wendy-password");
        var laptop = await Core.LoginAsync("wendy", "wendy-password");
        var pending = await Core.LoginAsync("xavier", "xavier-password");
        var bystander = await Core.LoginAsync("root", "root-password");
        var otherInstance = NewInstanceCache();
        var family = await FamilyOfAsync(phone.Access);
        Assert.False(await otherInstance.IsRevokedAsync(family));

        await Core.UpdateUserAsync(admin, wendy, status: "deactivated");
        await Core.UpdateUserAsync(admin, xavier, status: "pending");

        foreach (var pair in new[] { phone, laptop, pending })
        {
            Assert.Null(await Core.AuthenticateAsync(pair.Access));
            Assert.Equal("token_not_valid", (await Assert.ThrowsAsync<ProblemException>(() => Core.RefreshAsync(pair.Refresh))).Code);
        }

        Assert.NotNull(await Core.AuthenticateAsync(bystander.Access));
        // Another instance refuses the access tokens at its next look, within RefreshInterval.
        Core.Time.Advance(RevokedFamilyCache.RefreshInterval);
        Assert.True(await otherInstance.IsRevokedAsync(family));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Deleting_a_user_erases_it_as_delete_me_does_and_the_audit_lines_outlive_actor_and_target(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var first = await Core.AdminAsync("first");
        var second = await Core.AdminAsync("second");
        var (yara, session) = await Core.UserWithSessionAsync("yara");
        var pair = await Core.LoginAsync("yara", "yara-password");
        await Core.InScopeAsync<ChatbotDbContext>(async db =>
        {
            db.Messages.Add(StoredMessages.Answered(yara, session, null, "hello", "hi"));
            db.UsageLedger.Add(UsageEntry.Record(yara, session, UsageKind.Answer, 3, 4, DateTime.UtcNow));
            await db.SaveChangesAsync();
        });

        await Core.DeleteUserAsync(first, yara);
        await Core.DeleteUserAsync(second, first);

        var left = await Core.InScopeAsync<ChatbotDbContext, (int, int, int, int, int)>(async db => (
            await db.Users.CountAsync(user => user.Id == yara || user.Id == first),
            await db.ChatSessions.CountAsync(),
            await db.Messages.CountAsync(),
            await db.RefreshTokens.CountAsync(token => token.UserId == yara),
            await db.UsageLedger.CountAsync()));
        Assert.Equal((0, 0, 0, 0, 0), left);
        Assert.Null(await Core.AuthenticateAsync(pair.Access));
        var deletions = (await Core.AuditAsync(new AuditFilter(AuditActions.UserDeleted, null))).Items;
        Assert.Equal([(second, "first"), (first, "yara")], deletions.Select(line => (line.Actor!.Value, JsonDocument.Parse(line.Detail!).RootElement.GetProperty("username").GetString())));
        // The first admin's own registration, its deletion of yara, and its own deletion by the second.
        Assert.Equal(3, (await Core.AuditAsync(new AuditFilter(null, first))).Items.Count);
    }

    [Fact]
    public async Task A_change_that_fails_writes_no_audit_line()
    {
        var admin = await Core.AdminAsync("root");

        await Assert.ThrowsAsync<ProblemException>(() => Core.UpdateUserAsync(admin, admin, role: "user"));
        await Assert.ThrowsAsync<ProblemException>(() => Core.DeleteUserAsync(admin, admin));

        Assert.Empty(await Core.AuditWithoutRegistrationsAsync());
    }

    private static async Task<string> Outcome(Func<Task> change)
    {
        try
        {
            await change();
            return "ok";
        }
        catch (ProblemException problem)
        {
            return problem.Code;
        }
    }

    private RevokedFamilyCache NewInstanceCache()
        => new(Core.GetRequiredService<IServiceScopeFactory>(), Core.GetRequiredService<IOptions<JwtOptions>>(), Core.Time);

    private async Task<Guid> FamilyOfAsync(string token)
        => (await Core.GetRequiredService<JwtTokenService>().ValidateAsync(token, TokenType.Access))!.FamilyId;
}
