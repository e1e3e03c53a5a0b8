using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Core.Auth;
using Chatbot.Core.Operators;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// Who may sign up and sign in, through the local host and the real worker: the registration modes an admin sets,
/// invites, inactive accounts, and the audit lines of sign-in events. The tests share one app and each sets the mode
/// it needs; xunit runs one class's tests one at a time.
/// </summary>
public sealed class SignUpEndToEndTests(ChatbotApp app) : IClassFixture<ChatbotApp>
{
    private HttpClient Http => app.Http;

    [Fact]
    public async Task Each_registration_mode_set_by_an_admin_decides_what_register_does_and_registration_shows_it()
    {
        var admin = await AdminAsync("modeadmin");
        try
        {
            Assert.Equal("open", await ModeShownAsync());

            Assert.Equal("invite", (await SetModeAsync(admin, "invite")).GetProperty("registration_mode").GetString());
            Assert.Equal("invite", await ModeShownAsync());
            var missing = await RegisterAsync("modeinvitee");
            Assert.True((await ApiEndToEndTests.AssertProblem(missing, HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").TryGetProperty("invite_code", out _));
            var code = (await CreateInviteAsync(admin, new { })).GetProperty("code").GetString();
            Assert.Equal(HttpStatusCode.Created, (await RegisterAsync("modeinvitee", code)).StatusCode);

            await SetModeAsync(admin, "approval");
            Assert.Equal("approval", await ModeShownAsync());
            var pending = await RegisterAsync("modepending");
            Assert.Equal(HttpStatusCode.Created, pending.StatusCode);
            var account = await pending.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(["email", "id", "status", "username"], account.EnumerateObject().Select(property => property.Name).Order());
            Assert.Equal("pending", account.GetProperty("status").GetString());
            await AssertLikeAWrongPasswordAsync("modepending");
            await app.Database.SetAccountStatusAsync("modepending", AccountStatus.Active);
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync("modepending", "testpass")).StatusCode);

            await SetModeAsync(admin, "closed");
            Assert.Equal("closed", await ModeShownAsync());
            var closed = await ApiEndToEndTests.AssertProblem(await RegisterAsync("modeclosed"), HttpStatusCode.Forbidden, "registration_closed");
            Assert.Equal("Registration is closed.", closed.GetProperty("detail").GetString());

            var unknown = await Http.SendAsync(ApiClient.Request(HttpMethod.Patch, "/admin/settings/", admin, new { registration_mode = "invitation" }));
            var problem = await ApiEndToEndTests.AssertProblem(unknown, HttpStatusCode.BadRequest, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("registration_mode", out _));
            Assert.Equal("closed", (await app.Api.GetJsonAsync(admin, "/admin/settings/")).GetProperty("registration_mode").GetString());
        }
        finally
        {
            await SetModeAsync(admin, "open");
        }
    }

    [Fact]
    public async Task An_invite_for_two_uses_registers_two_is_listed_without_its_code_and_once_revoked_registers_nobody()
    {
        var admin = await AdminAsync("inviteadmin");
        await SetModeAsync(admin, "invite");
        try
        {
            var created = await Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/admin/invites/", admin, new { uses = 2, expires_in_days = 30 }));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
            var invite = await created.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(["code", "expires_at", "id", "uses_left"], invite.EnumerateObject().Select(property => property.Name).Order());
            var (id, code) = (invite.GetProperty("id").GetInt64(), invite.GetProperty("code").GetString());
            var spare = (await CreateInviteAsync(admin, new { })).GetProperty("code").GetString();

            Assert.Equal(HttpStatusCode.Created, (await RegisterAsync("invitedone", code)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await RegisterAsync("invitedtwo", code)).StatusCode);
            await ApiEndToEndTests.AssertProblem(await RegisterAsync("invitedthree", code), HttpStatusCode.BadRequest, "validation_failed");

            var listed = (await app.Api.GetJsonAsync(admin, "/admin/invites/")).EnumerateArray().ToList();
            var used = listed.Single(entry => entry.GetProperty("id").GetInt64() == id);
            Assert.Equal(["created_at", "created_by", "expires_at", "id", "uses_left"], used.EnumerateObject().Select(property => property.Name).Order());
            Assert.Equal(0, used.GetProperty("uses_left").GetInt32());
            Assert.DoesNotContain(code!, listed.Select(entry => entry.GetRawText()).Aggregate(string.Concat), StringComparison.Ordinal);

            var spareId = listed.Single(entry => entry.GetProperty("id").GetInt64() != id && entry.GetProperty("uses_left").GetInt32() == 1).GetProperty("id").GetInt64();
            Assert.Equal(HttpStatusCode.NoContent, (await Http.SendAsync(ApiClient.Request(HttpMethod.Delete, $"/admin/invites/{spareId}/", admin))).StatusCode);
            await ApiEndToEndTests.AssertProblem(
                await Http.SendAsync(ApiClient.Request(HttpMethod.Delete, $"/admin/invites/{spareId}/", admin)), HttpStatusCode.NotFound, "not_found");
            await ApiEndToEndTests.AssertProblem(await RegisterAsync("invitedrevoked", spare), HttpStatusCode.BadRequest, "validation_failed");
        }
        finally
        {
            await SetModeAsync(admin, "open");
        }
    }

    [Theory]
    [InlineData("{\"uses\": 0}", "uses")]
    [InlineData("{\"uses\": 1001}", "uses")]
    [InlineData("{\"expires_in_days\": 366}", "expires_in_days")]
    [InlineData("{\"uses\": \"five\"}", "uses")]
    [InlineData("{\"uses\": 1.5}", "uses")]
    public async Task Bad_invite_fields_are_400_naming_the_field(string body, string field)
    {
        var admin = await AdminAsync($"badinvite{Guid.NewGuid():N}"[..20]);
        var request = ApiClient.Request(HttpMethod.Post, "/admin/invites/", admin);
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var problem = await ApiEndToEndTests.AssertProblem(await Http.SendAsync(request), HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(error => error.Name));
    }

    [Fact]
    public async Task Of_two_registrations_at_once_with_one_single_use_code_exactly_one_is_created()
    {
        var admin = await AdminAsync("raceadmin");
        await SetModeAsync(admin, "invite");
        try
        {
            for (var round = 0; round < 5; round++)
            {
                var code = (await CreateInviteAsync(admin, new { })).GetProperty("code").GetString();

                var statuses = await Task.WhenAll(
                    Enumerable.Range(0, 2).Select(async racer => (await RegisterAsync($"race{round}r{racer}", code)).StatusCode));

                Assert.Equal([HttpStatusCode.Created, HttpStatusCode.BadRequest], statuses.Order());
            }
        }
        finally
        {
            await SetModeAsync(admin, "open");
        }
    }

    [Theory]
    [InlineData(AccountStatus.Pending)]
    [InlineData(AccountStatus.Deactivated)]
    public async Task An_inactive_account_gets_the_401_of_a_wrong_password_on_both_login_routes_and_cannot_refresh(AccountStatus status)
    {
        var username = $"inactive{status}".ToLowerInvariant();
        var (_, refresh) = await app.Api.NewUserAsync(username);

        await app.Database.SetAccountStatusAsync(username, status);

        await AssertLikeAWrongPasswordAsync(username);
        var refreshed = await Http.PostAsJsonAsync("/api/token/refresh/", new { refresh });
        await ApiEndToEndTests.AssertProblem(refreshed, HttpStatusCode.Unauthorized, "no_active_account");
    }

    [Fact]
    public async Task Me_shows_an_admins_role()
    {
        var admin = await AdminAsync("meadmin");

        var me = await app.Api.GetJsonAsync(admin, "/me/");

        Assert.Equal(("admin", "active"), (me.GetProperty("role").GetString(), me.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData("GET", "/admin/settings/")]
    [InlineData("PATCH", "/admin/settings/")]
    [InlineData("GET", "/admin/invites/")]
    [InlineData("POST", "/admin/invites/")]
    [InlineData("DELETE", "/admin/invites/1/")]
    public async Task A_user_who_is_not_an_admin_gets_403_and_a_caller_without_a_token_401(string method, string path)
    {
        var (user, _) = await app.Api.NewUserAsync();

        var forbidden = await Http.SendAsync(ApiClient.Request(new HttpMethod(method), path, user, new { registration_mode = "closed" }));
        var anonymous = await Http.SendAsync(ApiClient.Request(new HttpMethod(method), path, json: new { registration_mode = "closed" }));

        await ApiEndToEndTests.AssertProblem(forbidden, HttpStatusCode.Forbidden, "permission_denied");
        await ApiEndToEndTests.AssertProblem(anonymous, HttpStatusCode.Unauthorized, "not_authenticated");
        Assert.Equal("open", await ModeShownAsync());
    }

    [Fact]
    public async Task Without_Admin_BootstrapToken_the_bootstrap_route_is_404()
    {
        var (user, _) = await app.Api.NewUserAsync();

        var response = await Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/admin/bootstrap/", user, new { token = "anything" }));

        await ApiEndToEndTests.AssertProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Each_sign_in_event_is_a_line_in_the_audit_log_with_the_address()
    {
        const string Name = "audited";
        var (access, refresh) = await app.Api.NewUserAsync(Name);
        await LoginAsync(Name, "wrong-password");
        await Http.PostAsJsonAsync("/logout/", new { refresh });
        var second = await (await LoginAsync(Name, "testpass")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.NoContent, (await Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/logout/all/", second.GetProperty("access").GetString()))).StatusCode);
        var third = await (await LoginAsync(Name, "testpass")).Content.ReadFromJsonAsync<JsonElement>();
        var changed = await Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/me/password/", third.GetProperty("access").GetString(),
            new { current_password = "testpass", new_password = "audited-new" }));
        var fresh = (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access").GetString();
        var deleted = await Http.SendAsync(ApiClient.Request(HttpMethod.Delete, "/me/", fresh, new { current_password = "audited-new" }));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.NotNull(access);

        var lines = await app.Database.ReadAsync(db => db.AuditLog.AsNoTracking()
            .Where(line => line.ActorUsername == Name).OrderBy(line => line.Id).ToListAsync());

        Assert.Equal(
            [
                AuditActions.Registered, AuditActions.Login, AuditActions.LoginFailed, AuditActions.Logout, AuditActions.Login,
                AuditActions.LogoutEverywhere, AuditActions.Login, AuditActions.PasswordChanged, AuditActions.AccountDeleted,
            ],
            lines.Select(line => line.Action));
        Assert.All(lines, line => Assert.Equal("127.0.0.1", line.Address));
    }

    private async Task<string> AdminAsync(string username)
    {
        var (access, _) = await app.Api.NewUserAsync(username);
        await app.Database.MakeAdminAsync(username);
        return access;
    }

    private async Task<JsonElement> SetModeAsync(string admin, string mode)
    {
        var response = await Http.SendAsync(ApiClient.Request(HttpMethod.Patch, "/admin/settings/", admin, new { registration_mode = mode }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string?> ModeShownAsync()
        => (await Http.GetFromJsonAsync<JsonElement>("/registration/")).GetProperty("registration_mode").GetString();

    private async Task<JsonElement> CreateInviteAsync(string admin, object body)
    {
        var response = await Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/admin/invites/", admin, body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<HttpResponseMessage> RegisterAsync(string username, string? inviteCode = null)
        => Http.PostAsJsonAsync("/register/", new { username, email = $"{username}@example.com", password = "testpass", invite_code = inviteCode });

    private Task<HttpResponseMessage> LoginAsync(string username, string password)
        => Http.PostAsJsonAsync("/login/", new { username, password });

    /// <summary>The right password of an account that may not sign in is answered as a wrong one, on /login/ and /api/token/.</summary>
    private async Task AssertLikeAWrongPasswordAsync(string username)
    {
        foreach (var path in new[] { "/login/", "/api/token/" })
        {
            var wrong = await Http.PostAsJsonAsync(path, new { username, password = "not-the-password" });
            var right = await Http.PostAsJsonAsync(path, new { username, password = "testpass" });

            var wrongProblem = await ApiEndToEndTests.AssertProblem(wrong, HttpStatusCode.Unauthorized, "no_active_account");
            var rightProblem = await ApiEndToEndTests.AssertProblem(right, HttpStatusCode.Unauthorized, "no_active_account");
            Assert.Equal(wrongProblem.GetRawText(), rightProblem.GetRawText());
        }
    }
}

/// <summary>An account's status set in the running app's database, as an admin's PATCH would set it.</summary>
internal static class AppDatabaseAccounts
{
    public static async Task SetAccountStatusAsync(this AppDatabase database, string username, AccountStatus status)
    {
        var normalized = AccountRules.Normalize(username);
        var changed = await database.ReadAsync(db => db.Users.Where(user => user.NormalizedUsername == normalized)
            .ExecuteUpdateAsync(setters => setters.SetProperty(user => user.Status, status)));
        Assert.Equal(1, changed);
    }
}
