using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Core.Auth;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.EndToEnd;

/// <summary>The admin API through the local host and the real worker, on SQLite.</summary>
public sealed class AdminEndToEndTests(ChatbotApp app) : IClassFixture<ChatbotApp>
{
    /// <summary>Every admin route, with ids that exist or not: the gate answers before the function looks.</summary>
    public static TheoryData<string, string> AdminRoutes => new()
    {
        { "GET", "/admin/users/" },
        { "GET", "/admin/users/1/" },
        { "PATCH", "/admin/users/1/" },
        { "DELETE", "/admin/users/1/" },
        { "GET", "/admin/users/1/chatsessions/" },
        { "GET", "/admin/chatsessions/1/messages/" },
        { "DELETE", "/admin/chatsessions/1/" },
        { "GET", "/admin/usage/" },
        { "GET", "/admin/audit/" },
    };

    private HttpClient Http => app.Http;

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task Every_admin_route_is_401_without_a_token_and_403_permission_denied_for_a_user(string method, string path)
    {
        var (access, _) = await app.Api.NewUserAsync();

        var anonymous = await Http.SendAsync(ApiClient.Request(new HttpMethod(method), path, json: new { role = "admin" }));
        var user = await Http.SendAsync(ApiClient.Request(new HttpMethod(method), path, access, new { role = "admin" }));

        await ApiEndToEndTests.AssertProblem(anonymous, HttpStatusCode.Unauthorized, "not_authenticated");
        await ApiEndToEndTests.AssertProblem(user, HttpStatusCode.Forbidden, "permission_denied");
    }

    [Fact]
    public async Task An_admin_finds_users_by_part_of_a_name_pages_them_and_changes_role_status_and_quota()
    {
        var admin = await AdminAsync();
        var (_, _, first) = await UserAsync("findme-one");
        var (_, _, second) = await UserAsync("findme-two");

        var found = await GetAsync(admin, "/admin/users/?q=FINDME&role=user&status=active&limit=1");
        var next = found.Headers.GetValues("Link").Single();
        var rest = await GetAsync(admin, next[1..next.IndexOf('>')]);
        var patched = await SendAsync(admin, HttpMethod.Patch, $"/admin/users/{first}/",
            new { role = "admin", status = "pending", daily_token_quota = 500, unknown_field = "ignored" });
        var detail = await app.Api.GetJsonAsync(admin, $"/admin/users/{first}/");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Contains("q=FINDME", next, StringComparison.Ordinal);
        Assert.Equal([second], (await found.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(user => user.GetProperty("id").GetInt64()));
        Assert.Equal([first], (await rest.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(user => user.GetProperty("id").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(("admin", "pending", 500), (detail.GetProperty("role").GetString(), detail.GetProperty("status").GetString(), detail.GetProperty("daily_token_quota").GetInt64()));
        Assert.Equal(0, detail.GetProperty("usage_this_month").GetProperty("total_tokens").GetInt64());
        Assert.Equal(0, detail.GetProperty("session_count").GetInt32());
        // Making the user signed it in, and a sign-in is what last_login records.
        Assert.True(detail.GetProperty("last_login").GetDateTime() > DateTime.UtcNow.AddMinutes(-5));
        var line = (await app.Api.GetJsonAsync(admin, $"/admin/audit/?action=user_updated&user={first}")).EnumerateArray().First();
        Assert.Equal($"{first}", line.GetProperty("target_id").GetString());
        Assert.Contains("\"pending\"", line.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_reads_another_users_chat_on_every_branch_deletes_it_and_the_audit_log_says_so()
    {
        var admin = await AdminAsync();
        var adminId = (await app.Api.GetJsonAsync(admin, "/me/")).GetProperty("id").GetInt64();
        var (owner, _, ownerId) = await UserAsync();
        var session = await app.Api.NewSessionAsync(owner, "private");
        var sent = await Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", owner, new { prompt = "a secret" }));
        var messageId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var edited = await Http.SendAsync(ApiClient.Request(HttpMethod.Patch, $"/chatsessions/{session}/messages/{messageId}/", owner, new { prompt = "another secret" }));
        Assert.Equal(HttpStatusCode.Created, edited.StatusCode);

        var sessions = await app.Api.GetJsonAsync(admin, $"/admin/users/{ownerId}/chatsessions/");
        var messages = await app.Api.GetJsonAsync(admin, $"/admin/chatsessions/{session}/messages/");
        var deleted = await SendAsync(admin, HttpMethod.Delete, $"/admin/chatsessions/{session}/");
        var again = await SendAsync(admin, HttpMethod.Delete, $"/admin/chatsessions/{session}/");
        var ownerList = await app.Api.GetJsonAsync(owner, "/chatsessions/");

        Assert.Equal([session], sessions.EnumerateArray().Select(item => item.GetProperty("id").GetInt64()));
        Assert.Equal(["a secret", "another secret"], messages.EnumerateArray().Select(message => message.GetProperty("prompt").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ApiEndToEndTests.AssertProblem(again, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, ownerList.GetArrayLength());
        // The admin's own sign-up and sign-in come first in time, last in the log.
        var lines = (await app.Api.GetJsonAsync(admin, $"/admin/audit/?user={adminId}")).EnumerateArray().ToList();
        Assert.Equal(["session_deleted", "chat_read", "chat_read", "login", "registered"], lines.Select(line => line.GetProperty("action").GetString()));
        Assert.All(lines, line => Assert.Equal("127.0.0.1", line.GetProperty("address").GetString()));
        Assert.Equal($"{ownerId}", lines[1].GetProperty("target_id").GetString());
        Assert.DoesNotContain(lines, line => (line.GetProperty("detail").GetString() ?? "").Contains("secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET", "/admin/users/abc/", null, HttpStatusCode.NotFound, "not_found")]
    [InlineData("GET", "/admin/users/0/", null, HttpStatusCode.NotFound, "not_found")]
    [InlineData("GET", "/admin/users/99999999/", null, HttpStatusCode.NotFound, "not_found")]
    [InlineData("PATCH", "/admin/users/99999999/", "{\"role\":\"user\"}", HttpStatusCode.NotFound, "not_found")]
    [InlineData("DELETE", "/admin/users/99999999/", null, HttpStatusCode.NotFound, "not_found")]
    [InlineData("GET", "/admin/users/99999999/chatsessions/", null, HttpStatusCode.NotFound, "not_found")]
    [InlineData("GET", "/admin/chatsessions/x/messages/", null, HttpStatusCode.NotFound, "not_found")]
    [InlineData("GET", "/admin/chatsessions/99999999/messages/", null, HttpStatusCode.NotFound, "not_found")]
    [InlineData("DELETE", "/admin/chatsessions/99999999/", null, HttpStatusCode.NotFound, "not_found")]
    [InlineData("PATCH", "/admin/users/{self}/", "{\"role\":\"superuser\"}", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("PATCH", "/admin/users/{self}/", "{\"status\":\"banned\"}", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("PATCH", "/admin/users/{self}/", "{\"daily_token_quota\":-1}", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("PATCH", "/admin/users/{self}/", "{\"daily_token_quota\":1.5}", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("PATCH", "/admin/users/{self}/", "{\"daily_token_quota\":\"100\"}", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("PATCH", "/admin/users/{self}/", "{\"role\":1}", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("PATCH", "/admin/users/{self}/", "{\"role\":", HttpStatusCode.BadRequest, "invalid_json")]
    [InlineData("PATCH", "/admin/users/{self}/", "[]", HttpStatusCode.BadRequest, "invalid_body")]
    [InlineData("GET", "/admin/users/?role=root", null, HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("GET", "/admin/users/?status=gone", null, HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("GET", "/admin/users/?q={huge}", null, HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("GET", "/admin/users/?limit=0", null, HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("GET", "/admin/usage/?days=0", null, HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("GET", "/admin/usage/?days=367", null, HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("GET", "/admin/audit/?action=hacked", null, HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("GET", "/admin/audit/?user=me", null, HttpStatusCode.BadRequest, "validation_failed")]
    public async Task Bad_input_on_the_admin_routes_is_a_4xx_problem(string method, string path, string? body, HttpStatusCode status, string code)
    {
        var admin = await AdminAsync();
        var self = (await app.Api.GetJsonAsync(admin, "/me/")).GetProperty("id").GetInt64();
        var request = ApiClient.Request(new HttpMethod(method), path.Replace("{self}", $"{self}", StringComparison.Ordinal)
            .Replace("{huge}", new string('q', 5_000), StringComparison.Ordinal), admin);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        await ApiEndToEndTests.AssertProblem(await Http.SendAsync(request), status, code);
    }

    [Fact]
    public async Task The_last_active_admin_cannot_demote_deactivate_or_delete_itself_409_last_admin()
    {
        var admin = await AdminAsync();
        var self = (await app.Api.GetJsonAsync(admin, "/me/")).GetProperty("id").GetInt64();
        // The admins other tests of this class made step down, so this one is the last.
        await app.Database.ReadAsync(db => db.Users.Where(user => user.Id != self)
            .ExecuteUpdateAsync(setters => setters.SetProperty(user => user.Role, UserRole.User)));

        var demote = await SendAsync(admin, HttpMethod.Patch, $"/admin/users/{self}/", new { role = "user" });
        var deactivate = await SendAsync(admin, HttpMethod.Patch, $"/admin/users/{self}/", new { status = "deactivated" });
        var delete = await SendAsync(admin, HttpMethod.Delete, $"/admin/users/{self}/");

        await ApiEndToEndTests.AssertProblem(demote, HttpStatusCode.Conflict, "last_admin");
        await ApiEndToEndTests.AssertProblem(deactivate, HttpStatusCode.Conflict, "last_admin");
        await ApiEndToEndTests.AssertProblem(delete, HttpStatusCode.Conflict, "last_admin");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(admin, "/admin/users/")).StatusCode);
    }

    [Fact]
    public async Task Deactivation_refuses_the_users_refresh_token_at_once_and_its_access_token_within_5_s()
    {
        var admin = await AdminAsync();
        var (access, refresh, id) = await UserAsync();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(access, "/me/")).StatusCode);

        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin, HttpMethod.Patch, $"/admin/users/{id}/", new { status = "deactivated" })).StatusCode);
        var refreshed = await Http.PostAsJsonAsync("/api/token/refresh/", new { refresh });
        var refusedAfter = await RefusedWithinAsync(access, TimeSpan.FromSeconds(5));

        await ApiEndToEndTests.AssertProblem(refreshed, HttpStatusCode.Unauthorized, "token_not_valid");
        Assert.True(refusedAfter < TimeSpan.FromSeconds(5), $"The access token still worked {clock.Elapsed} after the deactivation.");
    }

    [Fact]
    public async Task A_demoted_admin_is_refused_on_its_next_request_with_the_token_it_already_holds()
    {
        var admin = await AdminAsync();
        var (other, _, otherId) = await UserAsync();
        await app.Database.MakeAdminAsync((await app.Api.GetJsonAsync(other, "/me/")).GetProperty("username").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(other, "/admin/users/")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin, HttpMethod.Patch, $"/admin/users/{otherId}/", new { role = "user" })).StatusCode);

        await ApiEndToEndTests.AssertProblem(await GetAsync(other, "/admin/users/"), HttpStatusCode.Forbidden, "permission_denied");
    }

    [Fact]
    public async Task Deleting_a_user_erases_it_ends_its_logins_and_leaves_the_line_in_the_audit_log()
    {
        var admin = await AdminAsync();
        var (access, refresh, id) = await UserAsync();
        await app.Api.NewSessionAsync(access);

        var deleted = await SendAsync(admin, HttpMethod.Delete, $"/admin/users/{id}/");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ApiEndToEndTests.AssertProblem(await GetAsync(admin, $"/admin/users/{id}/"), HttpStatusCode.NotFound, "not_found");
        await ApiEndToEndTests.AssertProblem(await GetAsync(access, "/chatsessions/"), HttpStatusCode.Unauthorized, "token_not_valid");
        await ApiEndToEndTests.AssertProblem(await Http.PostAsJsonAsync("/api/token/refresh/", new { refresh }), HttpStatusCode.Unauthorized, "token_not_valid");
        var line = Assert.Single((await app.Api.GetJsonAsync(admin, $"/admin/audit/?action=user_deleted&user={id}")).EnumerateArray());
        Assert.Equal("user", line.GetProperty("target_type").GetString());
    }

    [Fact]
    public async Task Deployment_usage_counts_answers_per_day_and_names_the_top_user()
    {
        var admin = await AdminAsync();
        var (access, _, id) = await UserAsync();
        var session = await app.Api.NewSessionAsync(access);
        Assert.Equal(HttpStatusCode.Created, (await Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt = "count me" }))).StatusCode);

        var usage = await app.Api.GetJsonAsync(admin, "/admin/usage/?days=7");
        var listed = (await app.Api.GetJsonAsync(admin, $"/admin/users/?q={(await app.Api.GetJsonAsync(access, "/me/")).GetProperty("username").GetString()}")).EnumerateArray().Single();

        var days = usage.GetProperty("per_day").EnumerateArray().ToList();
        Assert.Equal(7, days.Count);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), days[^1].GetProperty("day").GetString());
        Assert.True(days[^1].GetProperty("messages").GetInt32() >= 1);
        Assert.Contains(usage.GetProperty("top_users").EnumerateArray(), user => user.GetProperty("id").GetInt64() == id);
        Assert.Equal(1, listed.GetProperty("usage_today").GetProperty("messages").GetInt32());
        Assert.True(listed.GetProperty("usage_today").GetProperty("total_tokens").GetInt64() > 0);
    }

    /// <summary>How long after now the access token is first refused (401 token_not_valid), polling; at most <paramref name="limit"/>.</summary>
    internal static async Task<TimeSpan> RefusedWithinAsync(HttpClient http, string access, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var response = await http.SendAsync(ApiClient.Request(HttpMethod.Get, "/me/", access));
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                await ApiEndToEndTests.AssertProblem(response, HttpStatusCode.Unauthorized, "token_not_valid");
                return clock.Elapsed;
            }

            await Task.Delay(100);
        }

        return TimeSpan.MaxValue;
    }

    private Task<TimeSpan> RefusedWithinAsync(string access, TimeSpan limit) => RefusedWithinAsync(Http, access, limit);

    private async Task<string> AdminAsync()
    {
        var name = $"admin{Guid.NewGuid():N}"[..20];
        var (access, _) = await app.Api.NewUserAsync(name);
        await app.Database.MakeAdminAsync(name);
        return access;
    }

    private async Task<(string Access, string Refresh, long Id)> UserAsync(string? name = null)
    {
        var (access, refresh) = await app.Api.NewUserAsync(name is null ? null : $"{name}{Guid.NewGuid():N}"[..20]);
        return (access, refresh, (await app.Api.GetJsonAsync(access, "/me/")).GetProperty("id").GetInt64());
    }

    private Task<HttpResponseMessage> GetAsync(string access, string path) => Http.SendAsync(ApiClient.Request(HttpMethod.Get, path, access));

    private Task<HttpResponseMessage> SendAsync(string access, HttpMethod method, string path, object? json = null)
        => Http.SendAsync(ApiClient.Request(method, path, access, json));
}
