using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Chatbot.Tests.EndToEnd;

/// <summary>Logging out, changing the password and erasing the account, through the local host and the real worker.</summary>
public sealed class AccountEndToEndTests(ChatbotApp app) : IClassFixture<ChatbotApp>
{
    /// <summary>How soon every instance must refuse an access token whose family was revoked.</summary>
    private static readonly TimeSpan RevocationDeadline = TimeSpan.FromSeconds(5);

    private HttpClient Http => app.Http;

    [Theory]
    [InlineData("/api/token/blacklist/")]
    [InlineData("/logout/")]
    public async Task Logout_with_the_refresh_token_alone_answers_empty_and_kills_the_pair(string path)
    {
        var (access, refresh) = await app.Api.NewUserAsync();

        var response = await Http.PostAsJsonAsync(path, new { refresh });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        await AssertDeadAsync(access, refresh);
        await ApiEndToEndTests.AssertProblem(await Http.PostAsJsonAsync(path, new { refresh }), HttpStatusCode.Unauthorized, "token_not_valid");
    }

    [Fact]
    public async Task Logout_names_a_missing_refresh_field()
        => await ApiEndToEndTests.AssertProblem(await Http.PostAsJsonAsync("/logout/", new { }), HttpStatusCode.BadRequest, "validation_failed");

    [Fact]
    public async Task Logout_everywhere_ends_every_login_of_the_caller()
    {
        var username = $"all{Guid.NewGuid():N}"[..16];
        var phone = await app.Api.NewUserAsync(username);
        var laptop = await LoginAsync(username, "testpass");

        var response = await Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/logout/all/", laptop.Access));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertDeadAsync(phone.Access, phone.Refresh);
        await AssertDeadAsync(laptop.Access, laptop.Refresh);
    }

    [Fact]
    public async Task Me_shows_the_account_of_the_caller()
    {
        var username = $"me{Guid.NewGuid():N}"[..16];
        var (access, _) = await app.Api.NewUserAsync(username);

        var me = await app.Api.GetJsonAsync(access, "/me/");

        Assert.Equal(username, me.GetProperty("username").GetString());
        Assert.Equal($"{username}@example.com", me.GetProperty("email").GetString());
        Assert.True(me.GetProperty("id").GetInt64() > 0);
        Assert.True(me.GetProperty("date_joined").GetDateTime() > DateTime.UtcNow.AddMinutes(-5));
        Assert.Equal("user", me.GetProperty("role").GetString());
        Assert.Equal("active", me.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_password_change_returns_a_fresh_pair_and_kills_the_old_ones()
    {
        var username = $"pw{Guid.NewGuid():N}"[..16];
        var old = await app.Api.NewUserAsync(username);
        var elsewhere = await LoginAsync(username, "testpass");

        var wrong = await Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/me/password/", old.Access, new { current_password = "nope-nope", new_password = "new-password" }));
        var problem = await ApiEndToEndTests.AssertProblem(wrong, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("current_password", out _));

        var changed = await Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/me/password/", old.Access, new { current_password = "testpass", new_password = "new-password" }));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var fresh = await changed.Content.ReadFromJsonAsync<JsonElement>();

        await AssertDeadAsync(old.Access, old.Refresh);
        await AssertDeadAsync(elsewhere.Access, elsewhere.Refresh);
        await app.Api.GetJsonAsync(fresh.GetProperty("access").GetString()!, "/me/");
        await LoginAsync(username, "new-password");
    }

    [Fact]
    public async Task Deleting_the_account_erases_its_data_and_kills_its_tokens()
    {
        var username = $"del{Guid.NewGuid():N}"[..16];
        var (access, refresh) = await app.Api.NewUserAsync(username);
        var session = await app.Api.NewSessionAsync(access, "to be erased");

        var wrong = await Http.SendAsync(ApiClient.Request(HttpMethod.Delete, "/me/", access, new { current_password = "wrong-pass" }));
        await ApiEndToEndTests.AssertProblem(wrong, HttpStatusCode.BadRequest, "validation_failed");
        var deleted = await Http.SendAsync(ApiClient.Request(HttpMethod.Delete, "/me/", access, new { current_password = "testpass" }));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertDeadAsync(access, refresh);
        var login = await Http.PostAsJsonAsync("/login/", new { username, password = "testpass" });
        await ApiEndToEndTests.AssertProblem(login, HttpStatusCode.Unauthorized, "no_active_account");

        // The name is free again, and the new owner sees nothing of the old one's.
        var (newcomer, _) = await app.Api.NewUserAsync(username);
        var sessions = await app.Api.GetJsonAsync(newcomer, "/chatsessions/");
        Assert.Equal(0, sessions.GetArrayLength());
        var old = await Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/chatsessions/{session}/", newcomer));
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact]
    public async Task After_a_refresh_race_every_token_issued_is_refused()
    {
        var (access, refresh) = await app.Api.NewUserAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Http.PostAsJsonAsync("/api/token/refresh/", new { refresh })));

        var issued = new List<(string Access, string Refresh)> { (access, refresh) };
        foreach (var answer in answers.Where(answer => answer.StatusCode == HttpStatusCode.OK))
        {
            var pair = await answer.Content.ReadFromJsonAsync<JsonElement>();
            issued.Add((pair.GetProperty("access").GetString()!, pair.GetProperty("refresh").GetString()!));
        }

        Assert.Equal(2, issued.Count);
        Assert.All(answers.Where(answer => answer.StatusCode != HttpStatusCode.OK), answer => Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode));
        foreach (var (deadAccess, deadRefresh) in issued)
        {
            await AssertDeadAsync(deadAccess, deadRefresh);
        }
    }

    private async Task<(string Access, string Refresh)> LoginAsync(string username, string password)
    {
        var login = await Http.PostAsJsonAsync("/login/", new { username, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        return (tokens.GetProperty("access").GetString()!, tokens.GetProperty("refresh").GetString()!);
    }

    /// <summary>The refresh token is refused at once; the access token by the deadline, with SimpleJWT's body.</summary>
    private async Task AssertDeadAsync(string access, string refresh)
    {
        var refreshed = await Http.PostAsJsonAsync("/api/token/refresh/", new { refresh });
        await ApiEndToEndTests.AssertProblem(refreshed, HttpStatusCode.Unauthorized, "token_not_valid");

        var clock = Stopwatch.StartNew();
        HttpResponseMessage answer;
        while ((answer = await Http.SendAsync(ApiClient.Request(HttpMethod.Get, "/me/", access))).StatusCode != HttpStatusCode.Unauthorized
            && clock.Elapsed < RevocationDeadline)
        {
            await Task.Delay(200);
        }

        var problem = await ApiEndToEndTests.AssertProblem(answer, HttpStatusCode.Unauthorized, "token_not_valid");
        Assert.Equal("Token is invalid or expired", problem.GetProperty("detail").GetString());
    }
}
