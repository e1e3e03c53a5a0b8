using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Limits;
using Chatbot.Core.Operators;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Operators;

/// <summary>What <c>createsuperuser</c> and <c>changepassword</c> do, through Core's <see cref="Superusers"/>, on both databases.</summary>
public sealed class SuperusersTests : CoreTest
{
    private const string Password = "admin-password";

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_new_superuser_is_an_active_admin_who_signs_in_and_an_audit_line_without_an_address_says_so(DatabaseProvider provider)
    {
        await UseAsync(provider);

        var outcome = await Superusers(superusers => superusers.CreateOrPromoteAsync("root", "root@example.com", Password, default));

        Assert.False(outcome.Promoted);
        Assert.Equal("root", outcome.Username);
        var user = await UserAsync("root");
        Assert.Equal((outcome.UserId, UserRole.Admin, AccountStatus.Active, "root@example.com"), (user.Id, user.Role, user.Status, user.Email));
        Assert.NotNull(await Core.LoginAsync("root", Password));
        var line = Assert.Single(await AuditAsync());
        Assert.Equal((AuditActions.SuperuserCreated, "user", $"{user.Id}"), (line.Action, line.TargetType, line.TargetId));
        Assert.Null(line.Address);
        Assert.Null(line.ActorId);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_new_superuser_is_held_to_the_rules_of_register_and_nothing_is_saved_when_it_breaks_them(DatabaseProvider provider)
    {
        await UseAsync(provider);

        var problem = await Assert.ThrowsAsync<ProblemException>(
            () => Superusers(superusers => superusers.CreateOrPromoteAsync("bad name", "not-an-email", "1234", default)));

        Assert.Equal("validation_failed", problem.Code);
        Assert.Equal(["email", "password", "username"], problem.Errors!.Keys.Order());
        Assert.Equal(AccountRules.PasswordProblem("1234", "bad name"), Assert.Single(problem.Errors["password"]));
        Assert.Empty(await Core.InScopeAsync<ChatbotDbContext, List<User>>(db => db.Users.ToListAsync()));
        Assert.Empty(await AuditAsync());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_existing_account_is_promoted_and_activated_with_its_own_password_whatever_the_letter_case(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await Core.RegisterAsync("Olga", "olga@example.com", Password);
        await SetStatusAsync("Olga", AccountStatus.Deactivated);

        var outcome = await Superusers(superusers => superusers.CreateOrPromoteAsync("OLGA", email: null, Password, default));

        Assert.True(outcome.Promoted);
        Assert.Equal("Olga", outcome.Username);
        var user = await UserAsync("Olga");
        Assert.Equal((UserRole.Admin, AccountStatus.Active, "olga@example.com"), (user.Role, user.Status, user.Email));
        var line = Assert.Single(await AuditAsync());
        Assert.Equal(AuditActions.SuperuserCreated, line.Action);
        Assert.Contains("promoted", line.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_existing_account_is_not_promoted_with_a_wrong_password(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await Core.RegisterAsync("pia", "pia@example.com", Password);

        var problem = await Assert.ThrowsAsync<ProblemException>(
            () => Superusers(superusers => superusers.CreateOrPromoteAsync("pia", "pia@example.com", "not-her-password", default)));

        Assert.Equal("wrong_password", problem.Code);
        Assert.Equal(UserRole.User, (await UserAsync("pia")).Role);
        Assert.Empty(await AuditAsync());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_password_reset_signs_in_with_the_new_password_only_and_ends_every_login(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await Superusers(superusers => superusers.CreateOrPromoteAsync("root", "root@example.com", Password, default));
        var before = await Core.LoginAsync("root", Password);

        var username = await Superusers(superusers => superusers.ResetPasswordAsync("ROOT", "a-new-password", default));

        Assert.Equal("root", username);
        Assert.Equal("no_active_account", (await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("root", Password))).Code);
        Assert.NotNull(await Core.LoginAsync("root", "a-new-password"));
        Assert.Equal("token_not_valid", (await Assert.ThrowsAsync<ProblemException>(() => Core.RefreshAsync(before.Refresh))).Code);
        Assert.Null(await Core.AuthenticateAsync(before.Access));
        var line = (await AuditAsync()).Last();
        Assert.Equal((AuditActions.PasswordReset, "user", null), (line.Action, line.TargetType, line.Address));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_password_reset_lifts_the_login_lock_on_the_name_from_every_address(DatabaseProvider provider)
    {
        await UseAsync(provider, new Dictionary<string, string?> { ["Limits:Enabled"] = "true" });
        await Superusers(superusers => superusers.CreateOrPromoteAsync("root", "root@example.com", Password, default));
        await Core.RegisterAsync("bystander", "bystander@example.com", Password);
        foreach (var address in new[] { CoreServices.ClientAddress, "198.51.100.7" })
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("root", "a-wrong-guess", address));
            }

            Assert.Equal("too_many_attempts", (await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("root", Password, address))).Code);
        }

        await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("bystander", "a-wrong-guess"));

        await Superusers(superusers => superusers.ResetPasswordAsync("root", "a-new-password", default));

        Assert.NotNull(await Core.LoginAsync("root", "a-new-password"));
        Assert.NotNull(await Core.LoginAsync("root", "a-new-password", "198.51.100.7"));
        var left = await Core.InScopeAsync<ChatbotDbContext, List<LoginFailure>>(db => db.LoginFailures.ToListAsync());
        Assert.Equal("BYSTANDER", Assert.Single(left).NormalizedUsername);
    }

    [Fact]
    public async Task A_password_reset_is_held_to_the_password_rules_and_names_an_unknown_user()
    {
        await Superusers(superusers => superusers.CreateOrPromoteAsync("rootadmin", "root@example.com", Password, default));

        var weak = await Assert.ThrowsAsync<ProblemException>(() => Superusers(superusers => superusers.ResetPasswordAsync("rootadmin", "ROOTADMIN", default)));
        var unknown = await Assert.ThrowsAsync<ProblemException>(() => Superusers(superusers => superusers.ResetPasswordAsync("nobody", "a-new-password", default)));

        Assert.Equal("The password is too similar to the username.", Assert.Single(weak.Errors!["password"]));
        Assert.Equal(("user_not_found", "user 'nobody' does not exist"), (unknown.Code, unknown.Message));
        Assert.NotNull(await Core.LoginAsync("rootadmin", Password));
    }

    [Fact]
    public async Task A_username_is_found_in_any_letter_case_as_the_account_spells_it()
    {
        await Core.RegisterAsync("Nora", "nora@example.com", Password);

        Assert.Equal("Nora", await Superusers(superusers => superusers.FindUsernameAsync("NORA", default)));
        Assert.Null(await Superusers(superusers => superusers.FindUsernameAsync("nobody", default)));
    }

    private Task<T> Superusers<T>(Func<Superusers, Task<T>> work) => Core.InScopeAsync(work);

    private Task<User> UserAsync(string username)
        => Core.InScopeAsync<ChatbotDbContext, User>(db => db.Users.AsNoTracking().SingleAsync(user => user.Username == username));

    private Task SetStatusAsync(string username, AccountStatus status)
        => Core.InScopeAsync<ChatbotDbContext>(db => db.Users.Where(user => user.Username == username)
            .ExecuteUpdateAsync(setters => setters.SetProperty(user => user.Status, status)));

    /// <summary>The console's own lines: sign-ins and registrations write theirs too, which are not these tests' business.</summary>
    private Task<List<AuditEntry>> AuditAsync()
        => Core.InScopeAsync<ChatbotDbContext, List<AuditEntry>>(db => db.AuditLog.AsNoTracking()
            .Where(entry => entry.Action == AuditActions.SuperuserCreated || entry.Action == AuditActions.PasswordReset)
            .OrderBy(entry => entry.Id)
            .ToListAsync());
}
