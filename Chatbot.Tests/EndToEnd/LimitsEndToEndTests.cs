using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Core.Data;

namespace Chatbot.Tests.EndToEnd;

/// <summary>Small login limits, so a test can see a lock begin and end: two failures, counted for three seconds.</summary>
public sealed class ThrottledLoginApp() : ChatbotApp(DatabaseProvider.Sqlite, new Dictionary<string, string?>
{
    ["Limits__Enabled"] = "true",
    ["Limits__LoginFailuresPerUser"] = "2",
    ["Limits__LoginWindow"] = "00:00:03",
});

/// <summary>Login throttling through the local host and the real worker: every caller here is 127.0.0.1.</summary>
public sealed class LoginThrottleEndToEndTests(ThrottledLoginApp app) : IClassFixture<ThrottledLoginApp>
{
    [Fact]
    public async Task Repeated_wrong_passwords_lock_both_token_endpoints_with_retry_after_until_the_wait_is_over()
    {
        var (_, refresh) = await app.Api.NewUserAsync("target");
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("/login/", "wrong-pass")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("/api/token/", "wrong-pass")).StatusCode);

        var locked = await LoginAsync("/login/", "testpass");
        var lockedToo = await LoginAsync("/api/token/", "testpass");

        await ApiEndToEndTests.AssertProblem(locked, HttpStatusCode.TooManyRequests, "too_many_attempts");
        await ApiEndToEndTests.AssertProblem(lockedToo, HttpStatusCode.TooManyRequests, "too_many_attempts");
        var wait = locked.Headers.RetryAfter?.Delta;
        Assert.InRange(wait ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));

        // Refresh is not throttled: a signed-in client keeps working while its username is under attack.
        var refreshed = await app.Http.PostAsJsonAsync("/api/token/refresh/", new { refresh });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);

        await Task.Delay(wait!.Value);
        var recovered = await LoginAsync("/login/", "testpass");
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.True((await recovered.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("access", out _));
    }

    [Fact]
    public async Task Wrong_current_passwords_on_the_account_routes_are_failed_logins_and_lock_those_routes_too()
    {
        var (access, _) = await app.Api.NewUserAsync("guessed");
        var changeWrong = await ChangePasswordAsync(access, "wrong-pass");
        var deleteWrong = await DeleteAccountAsync(access, "wrong-pass");
        await ApiEndToEndTests.AssertProblem(changeWrong, HttpStatusCode.BadRequest, "validation_failed");
        await ApiEndToEndTests.AssertProblem(deleteWrong, HttpStatusCode.BadRequest, "validation_failed");

        // Locked, the right password is refused before it is looked at, on every route that checks it.
        var change = await ChangePasswordAsync(access, "testpass");
        var delete = await DeleteAccountAsync(access, "testpass");
        var login = await app.Http.PostAsJsonAsync("/login/", new { username = "guessed", password = "testpass" });

        await ApiEndToEndTests.AssertProblem(change, HttpStatusCode.TooManyRequests, "too_many_attempts");
        await ApiEndToEndTests.AssertProblem(delete, HttpStatusCode.TooManyRequests, "too_many_attempts");
        await ApiEndToEndTests.AssertProblem(login, HttpStatusCode.TooManyRequests, "too_many_attempts");
        Assert.InRange(change.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        Assert.InRange(delete.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.OK, (await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, "/me/", access))).StatusCode);
    }

    private Task<HttpResponseMessage> LoginAsync(string path, string password)
        => app.Http.PostAsJsonAsync(path, new { username = "target", password });

    private Task<HttpResponseMessage> ChangePasswordAsync(string access, string currentPassword)
        => app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/me/password/", access, new { current_password = currentPassword, new_password = "another-pass" }));

    private Task<HttpResponseMessage> DeleteAccountAsync(string access, string currentPassword)
        => app.Http.SendAsync(ApiClient.Request(HttpMethod.Delete, "/me/", access, new { current_password = currentPassword }));
}

/// <summary>Two registration attempts per address per hour.</summary>
public sealed class RegistrationLimitedApp() : ChatbotApp(DatabaseProvider.Sqlite, new Dictionary<string, string?>
{
    ["Limits__Enabled"] = "true",
    ["Limits__RegistrationsPerAddressPerHour"] = "2",
});

public sealed class RegistrationLimitEndToEndTests(RegistrationLimitedApp app) : IClassFixture<RegistrationLimitedApp>
{
    [Fact]
    public async Task The_third_attempt_from_one_address_within_the_hour_gets_429_with_retry_after_even_after_a_taken_name()
    {
        await app.Api.NewUserAsync("first");

        // Probing a taken name is an attempt like any other: it uses up the address's allowance.
        var taken = await RegisterAsync("first");
        var refused = await RegisterAsync("third");

        await ApiEndToEndTests.AssertProblem(taken, HttpStatusCode.BadRequest, "validation_failed");
        await ApiEndToEndTests.AssertProblem(refused, HttpStatusCode.TooManyRequests, "too_many_registrations");
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    private Task<HttpResponseMessage> RegisterAsync(string username)
        => app.Http.PostAsJsonAsync("/register/", new { username, email = $"{username}@example.com", password = "testpass" });
}
