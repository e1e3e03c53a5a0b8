using System.Text.Json;
using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Operators;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.Auth;

/// <summary>Every sign-in event is a line in the audit log, naming who, from where, and what was tried.</summary>
public sealed class SignInAuditTests : CoreTest
{
    private const string Password = "alice-password";

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Each_event_of_an_account_is_a_line_with_the_account_and_the_address_and_the_lines_outlive_it(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var alice = (await Core.RegisterAsync("alice", "alice@example.com", Password)).Id;

        var first = await Core.LoginAsync("alice", Password);
        await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("ALICE", "wrong-password"));
        await Lifecycle(accounts => accounts.LogoutAsync(first.Refresh, CoreServices.ClientAddress, default));
        await Core.LoginAsync("alice", Password);
        await Lifecycle(accounts => accounts.LogoutEverywhereAsync(alice, CoreServices.ClientAddress));
        await Lifecycle(accounts => accounts.ChangePasswordAsync(alice, Password, "alice-new-password", CoreServices.ClientAddress, default));
        await Lifecycle(accounts => accounts.DeleteAsync(alice, "alice-new-password", CoreServices.ClientAddress, default));

        var lines = await Core.AuditLinesAsync();
        Assert.Equal(
            [
                AuditActions.Registered, AuditActions.Login, AuditActions.LoginFailed, AuditActions.Logout, AuditActions.Login,
                AuditActions.LogoutEverywhere, AuditActions.PasswordChanged, AuditActions.AccountDeleted,
            ],
            lines.Select(line => line.Action));
        Assert.All(lines, line => Assert.Equal(
            (alice, "alice", "user", alice.ToString(System.Globalization.CultureInfo.InvariantCulture), CoreServices.ClientAddress),
            (line.ActorId, line.ActorUsername, line.TargetType, line.TargetId, line.Address)));
        var failed = Detail(lines.Single(line => line.Action == AuditActions.LoginFailed));
        Assert.Equal(("ALICE", "wrong password"), (failed.GetProperty("username").GetString(), failed.GetProperty("reason").GetString()));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_failed_login_of_an_unknown_name_names_no_actor_and_keeps_the_name_tried_cut_short(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var longName = new string('x', 5000);

        await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("nobody", "some-password", "198.51.100.7"));
        await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync(longName, "some-password"));

        var lines = await Core.AuditLinesAsync();
        Assert.All(lines, line => Assert.Equal((AuditActions.LoginFailed, (long?)null, (string?)null, (string?)null), (line.Action, line.ActorId, line.ActorUsername, line.TargetType)));
        Assert.Equal(("nobody", "unknown username", "198.51.100.7"), (Detail(lines[0]).GetProperty("username").GetString(), Detail(lines[0]).GetProperty("reason").GetString(), lines[0].Address));
        Assert.Equal(new string('x', 150) + "…", Detail(lines[1]).GetProperty("username").GetString());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_failure_that_locks_a_name_is_followed_by_a_login_locked_line_and_refused_tries_add_none(DatabaseProvider provider)
    {
        await UseAsync(provider, new Dictionary<string, string?> { ["Limits:Enabled"] = "true" });
        var alice = (await Core.RegisterAsync("alice", "alice@example.com", Password)).Id;

        for (var attempt = 0; attempt < 5; attempt++)
        {
            await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("alice", "wrong-password"));
        }

        var lockedAt = Core.Time.GetUtcNow().UtcDateTime;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal("too_many_attempts", (await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("alice", Password))).Code);
        }

        var lines = (await Core.AuditLinesAsync()).Where(line => line.Action != AuditActions.Registered).ToList();
        Assert.Equal(
            [.. Enumerable.Repeat(AuditActions.LoginFailed, 5), AuditActions.LoginLocked],
            lines.Select(line => line.Action));
        var locked = lines[^1];
        Assert.Equal((alice, CoreServices.ClientAddress), (locked.ActorId!.Value, locked.Address));
        Assert.Equal(lockedAt.AddMinutes(1), Detail(locked).GetProperty("until").GetDateTime().ToUniversalTime());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_wrong_current_password_is_a_failed_login_line(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var alice = (await Core.RegisterAsync("alice", "alice@example.com", Password)).Id;

        await Assert.ThrowsAsync<ProblemException>(
            () => Lifecycle(accounts => accounts.ChangePasswordAsync(alice, "not-my-password", "alice-new-password", CoreServices.ClientAddress, default)));

        var failed = (await Core.AuditLinesAsync()).Single(line => line.Action == AuditActions.LoginFailed);
        Assert.Equal((alice, "wrong current password"), (failed.ActorId!.Value, Detail(failed).GetProperty("reason").GetString()));
    }

    private Task Lifecycle(Func<AccountLifecycle, Task> work) => Core.InScopeAsync(work);

    private static JsonElement Detail(AuditEntry line) => JsonDocument.Parse(line.Detail!).RootElement;
}
