using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chatbot.Tests.Fakes;

namespace Chatbot.Tests.EndToEnd;

/// <summary>The API through the local host and the real worker, over HTTP, on SQLite.</summary>
public sealed class ApiEndToEndTests(ChatbotApp app) : IClassFixture<ChatbotApp>
{
    private HttpClient Http => app.Http;

    [Fact]
    public Task The_README_walk_through_works_as_written() => ReadmeFlow.RunAsync(app);

    [Fact]
    public async Task Refresh_rotates_and_replaying_a_spent_refresh_token_revokes_the_login()
    {
        var (_, refresh) = await app.Api.NewUserAsync();

        var first = await Http.PostAsJsonAsync("/api/token/refresh/", new { refresh });
        var rotated = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh").GetString();
        var replay = await Http.PostAsJsonAsync("/api/token/refresh/", new { refresh });
        var descendant = await Http.PostAsJsonAsync("/api/token/refresh/", new { refresh = rotated });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertTokenNotValid(replay);
        await AssertTokenNotValid(descendant);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxIiwidG9rZW5fdHlwZSI6ImFjY2VzcyJ9.")]
    public async Task A_bad_token_is_refused_the_simplejwt_way_by_verify_and_by_protected_routes(string token)
    {
        await AssertTokenNotValid(await Http.PostAsJsonAsync("/api/token/verify/", new { token }));
        await AssertTokenNotValid(await Http.SendAsync(ApiClient.Request(HttpMethod.Get, "/chatsessions/", token)));
    }

    [Fact]
    public async Task A_refresh_token_is_not_an_access_token()
    {
        var (_, refresh) = await app.Api.NewUserAsync();

        await AssertTokenNotValid(await Http.SendAsync(ApiClient.Request(HttpMethod.Get, "/chatsessions/", refresh)));
    }

    [Fact]
    public async Task Protected_routes_without_credentials_answer_401_with_a_bearer_challenge()
    {
        var response = await Http.GetAsync("/chatsessions/");

        var problem = await AssertProblem(response, HttpStatusCode.Unauthorized, "not_authenticated");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("Authentication credentials were not provided.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_401()
    {
        var (_, _) = await app.Api.NewUserAsync("samebody");

        var wrong = await Http.PostAsJsonAsync("/login/", new { username = "samebody", password = "wrong-pass" });
        var unknown = await Http.PostAsJsonAsync("/login/", new { username = "nobody-at-all", password = "wrong-pass" });

        Assert.Equal(await wrong.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        await AssertProblem(wrong, HttpStatusCode.Unauthorized, "no_active_account");
    }

    [Fact]
    public async Task Another_users_session_is_404_for_every_route()
    {
        var (alice, _) = await app.Api.NewUserAsync();
        var (mallory, _) = await app.Api.NewUserAsync();
        var created = await Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/chatsessions/", alice));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Get, $"/chatsessions/{id}/", null),
            (HttpMethod.Put, $"/chatsessions/{id}/", new { title = "mine" }),
            (HttpMethod.Delete, $"/chatsessions/{id}/", null),
            (HttpMethod.Get, $"/chatsessions/{id}/messages/", null),
            (HttpMethod.Post, $"/chatsessions/{id}/messages/", new { prompt = "hi" }),
        })
        {
            await AssertProblem(await Http.SendAsync(ApiClient.Request(method, path, mallory, body)), HttpStatusCode.NotFound, "not_found");
        }

        Assert.Empty((await (await Http.SendAsync(ApiClient.Request(HttpMethod.Get, "/chatsessions/", mallory))).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
    }

    [Theory]
    [InlineData("{\"username\": ", "application/json", HttpStatusCode.BadRequest, "invalid_json")]
    [InlineData("[1, 2]", "application/json", HttpStatusCode.BadRequest, "invalid_body")]
    [InlineData("\"text\"", "application/json", HttpStatusCode.BadRequest, "invalid_body")]
    [InlineData("{\"username\": 5, \"email\": \"a@example.com\", \"password\": \"testpass\"}", "application/json", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("{\"username\": {\"a\": 1}}", "application/json", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("username=a&password=b", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type")]
    [InlineData("{}", "application/json", HttpStatusCode.BadRequest, "validation_failed")]
    public async Task A_bad_body_gets_a_clear_4xx_problem(string body, string contentType, HttpStatusCode status, string code)
        => await AssertProblem(await Http.PostAsync("/register/", new StringContent(body, Encoding.UTF8, contentType)), status, code);

    [Fact]
    public async Task A_field_of_the_wrong_type_is_named_in_errors()
    {
        var response = await Http.PostAsync("/register/", new StringContent("{\"username\": 5}", Encoding.UTF8, "application/json"));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("Not a valid string.", problem.GetProperty("errors").GetProperty("username")[0].GetString());
    }

    [Fact]
    public async Task A_huge_body_is_refused_with_413()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var huge = JsonSerializer.Serialize(new { title = new string('x', 300 * 1024) });

        var response = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/chatsessions/")
        {
            Headers = { Authorization = new("Bearer", access) },
            Content = new StringContent(huge, Encoding.UTF8, "application/json"),
        });

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Theory]
    [InlineData("/chatsessions/abc/")]
    [InlineData("/chatsessions/99999999999999999999999/")]
    [InlineData("/chatsessions/-1/")]
    [InlineData("/chatsessions/0/messages/")]
    public async Task An_id_that_is_not_a_positive_64_bit_integer_is_404(string path)
    {
        var (access, _) = await app.Api.NewUserAsync();

        await AssertProblem(await Http.SendAsync(ApiClient.Request(HttpMethod.Get, path, access)), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_long_title_is_named_in_errors()
    {
        var (access, _) = await app.Api.NewUserAsync();

        var response = await Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/chatsessions/", access, new { title = new string('t', 256) }));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("title", out _));
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_get_problem_json_not_html()
    {
        await AssertProblem(await Http.GetAsync("/nothing/here/"), HttpStatusCode.NotFound, "not_found");
        var wrongMethod = await Http.DeleteAsync("/register/");
        await AssertProblem(wrongMethod, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Contains("POST", wrongMethod.Content.Headers.Allow);
    }

    [Fact]
    public async Task Routes_ignore_case_and_the_trailing_slash()
    {
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/HEALTH/")).StatusCode);
    }

    [Theory]
    [InlineData(429, "RESOURCE_EXHAUSTED", HttpStatusCode.TooManyRequests, "gemini_rate_limited")]
    [InlineData(503, "UNAVAILABLE", HttpStatusCode.ServiceUnavailable, "gemini_unavailable")]
    [InlineData(500, "INTERNAL", HttpStatusCode.BadGateway, "gemini_error")]
    [InlineData(504, "DEADLINE_EXCEEDED", HttpStatusCode.GatewayTimeout, "gemini_timeout")]
    public async Task A_gemini_failure_keeps_the_prompt_and_answers_with_the_matching_status(
        int geminiStatus, string googleStatus, HttpStatusCode expected, string code)
    {
        var (access, _) = await app.Api.NewUserAsync();
        var sessionId = await app.Api.NewSessionAsync(access);
        var prompt = $"will fail {Guid.NewGuid():N}";
        app.Gemini.Default = request => request.LastUserText == prompt
            ? GeminiReply.Error(geminiStatus, googleStatus, retryDelay: "47s")
            : GeminiReply.Text($"echo: {request.LastUserText}");

        var response = await Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{sessionId}/messages/", access, new { prompt }));

        var problem = await AssertProblem(response, expected, code);
        if (expected == HttpStatusCode.TooManyRequests)
        {
            Assert.Equal(TimeSpan.FromSeconds(47), response.Headers.RetryAfter?.Delta);
        }

        var kept = await MessagesAsync(access, sessionId);
        Assert.Equal((prompt, "failed", problem.GetProperty("message_id").GetInt64()),
            (kept[0].GetProperty("prompt").GetString(), kept[0].GetProperty("status").GetString(), kept[0].GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task A_blocked_prompt_answers_422_with_the_reason()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var sessionId = await app.Api.NewSessionAsync(access);
        var prompt = $"blocked {Guid.NewGuid():N}";
        app.Gemini.Default = request => request.LastUserText == prompt ? GeminiReply.Blocked("SAFETY") : GeminiReply.Text("ok");

        var response = await Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{sessionId}/messages/", access, new { prompt }));

        var problem = await AssertProblem(response, HttpStatusCode.UnprocessableEntity, "content_blocked");
        Assert.Contains("SAFETY", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_gemini_call_does_not_hold_up_another_users_requests()
    {
        var (slowUser, _) = await app.Api.NewUserAsync();
        var (otherUser, _) = await app.Api.NewUserAsync();
        var sessionId = await app.Api.NewSessionAsync(slowUser);
        var prompt = $"slow {Guid.NewGuid():N}";
        app.Gemini.Default = request => request.LastUserText == prompt
            ? GeminiReply.Delayed(TimeSpan.FromSeconds(3), GeminiReply.Text("finally"))
            : GeminiReply.Text($"echo: {request.LastUserText}");

        var slow = Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{sessionId}/messages/", slowUser, new { prompt }));
        await WaitUntilAsync(() => app.Gemini.Requests.Any(request => request.LastUserText == prompt));
        for (var i = 0; i < 5; i++)
        {
            var other = await Http.SendAsync(ApiClient.Request(HttpMethod.Get, "/chatsessions/", otherUser));
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        Assert.False(slow.IsCompleted, "The other user's requests should have finished while Gemini was still thinking.");
        Assert.Equal(HttpStatusCode.Created, (await slow).StatusCode);
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_sent_and_refuses_a_wrong_type()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var created = await Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/chatsessions/", access, new { title = "kept", system_prompt = "Be brief." }));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var patched = await Http.SendAsync(ApiClient.Request(HttpMethod.Patch, $"/chatsessions/{id}/", access, new { model = "gemini-2.5-pro" }));
        var session = await patched.Content.ReadFromJsonAsync<JsonElement>();
        var wrongType = await Http.SendAsync(ApiClient.Request(HttpMethod.Patch, $"/chatsessions/{id}/", access, new { title = 42 }));

        Assert.Equal(("kept", "Be brief.", "gemini-2.5-pro"),
            (session.GetProperty("title").GetString(), session.GetProperty("system_prompt").GetString(), session.GetProperty("model").GetString()));
        await AssertProblem(wrongType, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Lists_page_with_a_limit_and_a_link_to_the_next_page()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var sessionId = await app.Api.NewSessionAsync(access);
        for (var i = 0; i < 3; i++)
        {
            await Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{sessionId}/messages/", access, new { prompt = $"message {i}" }));
        }

        var first = await Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/chatsessions/{sessionId}/messages/?limit=2", access));
        var next = first.Headers.GetValues("Link").Single();
        var nextUrl = next[(next.IndexOf('<', StringComparison.Ordinal) + 1)..next.IndexOf('>', StringComparison.Ordinal)];
        var second = await Http.SendAsync(ApiClient.Request(HttpMethod.Get, nextUrl, access));
        var badLimit = await Http.SendAsync(ApiClient.Request(HttpMethod.Get, "/chatsessions/?limit=zero", access));

        Assert.EndsWith("rel=\"next\"", next, StringComparison.Ordinal);
        Assert.StartsWith($"/chatsessions/{sessionId}/messages/?limit=2&after=", nextUrl, StringComparison.Ordinal);
        Assert.Equal(["message 0", "message 1"], (await first.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(m => m.GetProperty("prompt").GetString()));
        Assert.Equal(["message 2"], (await second.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(m => m.GetProperty("prompt").GetString()));
        Assert.DoesNotContain("rel=\"next\"", second.Headers.TryGetValues("Link", out var links) ? string.Join(",", links) : "", StringComparison.Ordinal);
        await AssertProblem(badLimit, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Token_answers_are_never_cached_and_every_answer_says_nosniff()
    {
        var username = $"nostore{Guid.NewGuid():N}"[..20];
        var (_, refresh) = await app.Api.NewUserAsync(username);

        var tokenAnswers = new[]
        {
            await Http.PostAsJsonAsync("/login/", new { username, password = "testpass" }),
            await Http.PostAsJsonAsync("/api/token/", new { username, password = "testpass" }),
            await Http.PostAsJsonAsync("/api/token/refresh/", new { refresh }),
        };
        var otherAnswers = new[] { await Http.GetAsync("/health/"), await Http.GetAsync("/chatsessions/") };

        Assert.All(tokenAnswers, response => Assert.Equal((HttpStatusCode.OK, true), (response.StatusCode, response.Headers.CacheControl?.NoStore)));
        Assert.Null(otherAnswers[0].Headers.CacheControl);
        Assert.All(tokenAnswers.Concat(otherAnswers), response => Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single()));
    }

    [Fact]
    public async Task A_conversation_exports_as_json_or_markdown()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var sessionId = await app.Api.NewSessionAsync(access);
        await Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{sessionId}/messages/", access, new { prompt = "What is JWT?" }));

        var json = await Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/chatsessions/{sessionId}/export/?format=json", access));
        var markdown = await Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/chatsessions/{sessionId}/export/?format=markdown", access));
        var unknown = await Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/chatsessions/{sessionId}/export/?format=pdf", access));

        var exported = await json.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(sessionId, exported.GetProperty("session").GetProperty("id").GetInt64());
        Assert.Equal("echo: What is JWT?", exported.GetProperty("messages")[0].GetProperty("response").GetString());
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("## You\n\nWhat is JWT?", await markdown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("attachment", markdown.Content.Headers.ContentDisposition?.DispositionType);
        await AssertProblem(unknown, HttpStatusCode.BadRequest, "validation_failed");
    }

    private async Task<JsonElement[]> MessagesAsync(string access, long sessionId)
        => (await app.Api.GetJsonAsync(access, $"/chatsessions/{sessionId}/messages/")).EnumerateArray().ToArray();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition() && waited < 10_000; waited += 20)
        {
            await Task.Delay(20);
        }
    }

    private static async Task AssertTokenNotValid(HttpResponseMessage response)
    {
        var problem = await AssertProblem(response, HttpStatusCode.Unauthorized, "token_not_valid");
        Assert.Equal("Token is invalid or expired", problem.GetProperty("detail").GetString());
    }

    internal static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
