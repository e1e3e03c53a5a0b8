using System.Text.Json;
using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Operators;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Tests.Operators;

/// <summary>Who may sign up: the configured mode, an admin's change of it, and what each mode does to a registration.</summary>
public sealed class RegistrationModeTests : CoreTest
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Registration_is_open_by_default_and_makes_active_accounts(DatabaseProvider provider)
    {
        await UseAsync(provider);

        var user = await Core.RegisterAsync("olivia", "olivia@example.com", "olivia-password", inviteCode: "ignored-when-open");

        Assert.Equal(RegistrationMode.Open, await Core.RegistrationModeAsync());
        Assert.Equal("active", user.Status);
        Assert.NotNull(await Core.LoginAsync("olivia", "olivia-password"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task In_approval_mode_a_new_account_is_pending_and_cannot_sign_in_until_made_active(DatabaseProvider provider)
    {
        await UseAsync(provider, new Dictionary<string, string?> { ["Registration:Mode"] = "approval" });

        var user = await Core.RegisterAsync("penny", "penny@example.com", "penny-password");

        Assert.Equal("pending", user.Status);
        Assert.Equal(AccountStatus.Pending, (await Core.StoredUserAsync(user.Id)).Status);
        Assert.Equal("no_active_account", (await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("penny", "penny-password"))).Code);
        await Core.SetAccountStatusAsync(user.Id, AccountStatus.Active);
        Assert.NotNull(await Core.LoginAsync("penny", "penny-password"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Closed_registration_is_refused_with_403_and_the_attempt_still_counts(DatabaseProvider provider)
    {
        await UseAsync(provider, new Dictionary<string, string?>
        {
            ["Registration:Mode"] = "closed",
            ["Limits:Enabled"] = "true",
            ["Limits:RegistrationsPerAddressPerHour"] = "2",
        });

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var closed = await Assert.ThrowsAsync<ProblemException>(() => Core.RegisterAsync("carl", "carl@example.com", "carl-password"));
            Assert.Equal((ProblemKind.Forbidden, "registration_closed"), (closed.Kind, closed.Code));
        }

        var limited = await Assert.ThrowsAsync<ProblemException>(() => Core.RegisterAsync("carl", "carl@example.com", "carl-password"));
        Assert.Equal("too_many_registrations", limited.Code);
        Assert.Equal(0, await Core.InScopeAsync<ChatbotDbContext, int>(db => db.Users.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_admins_change_is_stored_read_by_the_next_registration_and_written_to_the_audit_log(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var admin = await Core.NewAdminAsync("root");

        var closed = await Core.SetRegistrationModeAsync(admin, "closed");
        var refused = await Assert.ThrowsAsync<ProblemException>(() => Core.RegisterAsync("late", "late@example.com", "late-password"));
        await Core.SetRegistrationModeAsync(admin, "closed");
        await Core.SetRegistrationModeAsync(admin, null);
        var approval = await Core.SetRegistrationModeAsync(admin, "approval");

        Assert.Equal(new DeploymentSettingsDto("closed"), closed);
        Assert.Equal("registration_closed", refused.Code);
        Assert.Equal(new DeploymentSettingsDto("approval"), approval);
        Assert.Equal("approval", await Core.InScopeAsync<ChatbotDbContext, string>(
            db => db.DeploymentSettings.Where(setting => setting.Key == "registration_mode").Select(setting => setting.Value).SingleAsync()));
        // A repeated or empty change is no change: one line per real change, naming what it replaced.
        var changes = (await Core.AuditLinesAsync()).Where(line => line.Action == AuditActions.SettingsChanged).ToList();
        Assert.Equal(["{\"registration_mode\":{\"from\":\"open\",\"to\":\"closed\"}}", "{\"registration_mode\":{\"from\":\"closed\",\"to\":\"approval\"}}"],
            changes.Select(line => line.Detail));
        Assert.All(changes, line => Assert.Equal((admin, "settings", "registration_mode", CoreServices.ClientAddress),
            (line.ActorId!.Value, line.TargetType, line.TargetId, line.Address)));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_stored_mode_outranks_the_configured_one(DatabaseProvider provider)
    {
        await UseAsync(provider, new Dictionary<string, string?> { ["Registration:Mode"] = "approval" });
        var admin = await Core.NewAdminAsync("root");

        Assert.Equal(RegistrationMode.Approval, await Core.RegistrationModeAsync());
        await Core.SetRegistrationModeAsync(admin, "open");

        Assert.Equal(RegistrationMode.Open, await Core.RegistrationModeAsync());
        Assert.Equal("active", (await Core.RegisterAsync("newbie", "newbie@example.com", "newbie-password")).Status);
    }

    [Theory]
    [InlineData("Open")]
    [InlineData("invites")]
    [InlineData("")]
    [InlineData(null)]
    public async Task An_unknown_mode_from_an_admin_is_a_validation_error_on_the_field(string? mode)
    {
        var admin = await Core.NewAdminAsync("root");

        if (mode is null)
        {
            // Left out: nothing changes, and the answer shows what holds.
            Assert.Equal(new DeploymentSettingsDto("open"), await Core.SetRegistrationModeAsync(admin, mode));
            return;
        }

        var problem = await Assert.ThrowsAsync<ProblemException>(() => Core.SetRegistrationModeAsync(admin, mode));
        Assert.Equal(["Must be one of: open, invite, approval, closed."], problem.Errors!["registration_mode"]);
        Assert.Equal(RegistrationMode.Open, await Core.RegistrationModeAsync());
    }

    [Fact]
    public async Task An_unknown_Registration_Mode_stops_the_app_with_one_line_naming_the_setting()
    {
        await UseAsync(overrides: new Dictionary<string, string?> { ["Registration:Mode"] = "invitation" });

        var invalid = Assert.Throws<OptionsValidationException>(() => Core.GetRequiredService<IOptions<RegistrationOptions>>().Value);

        Assert.Equal("Registration:Mode must be one of open, invite, approval, closed, not 'invitation'.", invalid.Message);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Every_new_account_is_a_registered_line_with_its_mode_and_status(DatabaseProvider provider)
    {
        await UseAsync(provider, new Dictionary<string, string?> { ["Registration:Mode"] = "approval" });

        var user = await Core.RegisterAsync("penny", "penny@example.com", "penny-password", "198.51.100.9");

        var line = Assert.Single(await Core.AuditLinesAsync());
        Assert.Equal((AuditActions.Registered, user.Id, "penny", "198.51.100.9"), (line.Action, line.ActorId!.Value, line.ActorUsername, line.Address));
        using var detail = JsonDocument.Parse(line.Detail!);
        Assert.Equal(("approval", "pending"), (detail.RootElement.GetProperty("registration_mode").GetString(), detail.RootElement.GetProperty("status").GetString()));
    }
}
