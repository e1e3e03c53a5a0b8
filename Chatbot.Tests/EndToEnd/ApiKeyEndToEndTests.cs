using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Core.Data;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.EndToEnd;

/// <summary>Personal API keys through the local host and the real worker, on both databases.</summary>
public sealed class ApiKeyEndToEndTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public Task A_key_is_shown_once_listed_without_its_secret_used_on_the_chat_api_and_refused_once_revoked(DatabaseProvider provider)
        => WithAppAsync(provider, async app =>
    {
        var (access, _) = await app.Api.NewUserAsync();

        var created = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/me/api-keys/", access, new { name = "editor" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        var issued = await created.Content.ReadFromJsonAsync<JsonElement>();
        var key = issued.GetProperty("key").GetString()!;
        var id = issued.GetProperty("id").GetInt64();
        Assert.Matches("^cb-[A-Za-z0-9_-]{43}$", key);
        Assert.StartsWith(issued.GetProperty("prefix").GetString()!, key, StringComparison.Ordinal);
        Assert.Equal(["chat", "read"], issued.GetProperty("scopes").EnumerateArray().Select(scope => scope.GetString()));
        Assert.Equal(JsonValueKind.Null, issued.GetProperty("last_used_at").ValueKind);

        // The key works on the chat API: a session, a prompt answered, the usage it spent.
        var session = await app.Api.NewSessionAsync(key);
        var sent = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", key, new { prompt = "hello" }));
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(app, HttpMethod.Get, "/chatsessions/", key)).StatusCode);

        var listed = (await app.Api.GetJsonAsync(access, "/me/api-keys/")).EnumerateArray().Single();
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.Equal(id, listed.GetProperty("id").GetInt64());
        Assert.Equal(18, listed.GetProperty("usage_today").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("last_used_at").ValueKind);
        var keyUsage = await app.Api.GetJsonAsync(key, $"/usage/?api_key={id}");
        Assert.Equal(18, keyUsage.GetProperty("today").GetProperty("total_tokens").GetInt64());
        var ledger = await app.Database.ReadAsync(db => Task.FromResult(db.UsageLedger.Select(entry => entry.ApiKeyId).ToList()));
        Assert.Equal([id], ledger);

        // Revoked: refused at once, and gone from the list.
        Assert.Equal(HttpStatusCode.NoContent, (await Send(app, HttpMethod.Delete, $"/me/api-keys/{id}/", access)).StatusCode);
        await ApiEndToEndTests.AssertProblem(await Send(app, HttpMethod.Get, "/chatsessions/", key), HttpStatusCode.Unauthorized, "token_not_valid");
        Assert.Empty((await app.Api.GetJsonAsync(access, "/me/api-keys/")).EnumerateArray());
        await ApiEndToEndTests.AssertProblem(await Send(app, HttpMethod.Delete, $"/me/api-keys/{id}/", access), HttpStatusCode.NotFound, "not_found");
    });

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public Task A_key_never_manages_the_account_keeps_to_its_scopes_and_models_and_another_users_key_is_404(DatabaseProvider provider)
        => WithAppAsync(provider, async app =>
    {
        var (access, _) = await app.Api.NewUserAsync();
        var (other, _) = await app.Api.NewUserAsync();
        var (key, id) = await NewKeyAsync(app, access, new { name = "everything" });
        var (reader, _) = await NewKeyAsync(app, access, new { name = "reader", scopes = new[] { "read" } });
        var (pro, _) = await NewKeyAsync(app, access, new { name = "pro only", models = new[] { "gemini-2.5-pro" } });

        foreach (var (method, path) in AccountRoutes)
        {
            await ApiEndToEndTests.AssertProblem(await Send(app, method, path, key, new { }), HttpStatusCode.Forbidden, "api_key_not_allowed");
        }

        var session = await app.Api.NewSessionAsync(access);
        Assert.Equal(HttpStatusCode.OK, (await Send(app, HttpMethod.Get, $"/chatsessions/{session}/messages/", reader)).StatusCode);
        await ApiEndToEndTests.AssertProblem(
            await Send(app, HttpMethod.Post, $"/chatsessions/{session}/messages/", reader, new { prompt = "hi" }), HttpStatusCode.Forbidden, "api_key_scope_missing");
        await ApiEndToEndTests.AssertProblem(
            await Send(app, HttpMethod.Post, $"/chatsessions/{session}/messages/", pro, new { prompt = "hi" }), HttpStatusCode.Forbidden, "model_not_allowed");
        Assert.Empty(await app.Database.ReadAsync(db => Task.FromResult(db.Messages.ToList())));

        // Another user's key, and that user's sessions, are not found with this user's credentials.
        await ApiEndToEndTests.AssertProblem(await Send(app, HttpMethod.Delete, $"/me/api-keys/{id}/", other), HttpStatusCode.NotFound, "not_found");
        await ApiEndToEndTests.AssertProblem(await Send(app, HttpMethod.Get, $"/usage/?api_key={id}", other), HttpStatusCode.NotFound, "not_found");
        var theirs = await app.Api.NewSessionAsync(other);
        await ApiEndToEndTests.AssertProblem(await Send(app, HttpMethod.Get, $"/chatsessions/{theirs}/", key), HttpStatusCode.NotFound, "not_found");

        // A key of the wrong shape, or one never issued, is an invalid token.
        await ApiEndToEndTests.AssertProblem(await Send(app, HttpMethod.Get, "/chatsessions/", "cb-short"), HttpStatusCode.Unauthorized, "token_not_valid");
        await ApiEndToEndTests.AssertProblem(
            await Send(app, HttpMethod.Get, "/chatsessions/", "cb-" + new string('A', 43)), HttpStatusCode.Unauthorized, "token_not_valid");

        var invalid = await Send(app, HttpMethod.Post, "/me/api-keys/", access, new { name = "", scopes = new[] { "admin" }, models = new[] { "gpt-4" }, requests_per_minute = 0 });
        var problem = await ApiEndToEndTests.AssertProblem(invalid, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["models", "name", "requests_per_minute", "scopes"], problem.GetProperty("errors").EnumerateObject().Select(field => field.Name).Order(StringComparer.Ordinal));
    });

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public Task Logging_out_everywhere_and_a_new_password_leave_keys_working_and_deleting_the_account_ends_them(DatabaseProvider provider)
        => WithAppAsync(provider, async app =>
    {
        var username = $"keys{Guid.NewGuid():N}"[..16];
        var (access, _) = await app.Api.NewUserAsync(username);
        var (key, _) = await NewKeyAsync(app, access, new { name = "script" });

        Assert.True((await Send(app, HttpMethod.Post, "/logout/all/", access, new { })).IsSuccessStatusCode);
        var afterLogout = await Send(app, HttpMethod.Get, "/chatsessions/", key);
        var login = await (await app.Http.PostAsJsonAsync("/login/", new { username, password = "testpass" })).Content.ReadFromJsonAsync<JsonElement>();
        var changed = await Send(app, HttpMethod.Post, "/me/password/", login.GetProperty("access").GetString()!,
            new { current_password = "testpass", new_password = "another-pass-123" });
        var afterPassword = await Send(app, HttpMethod.Get, "/chatsessions/", key);
        var pair = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True((await Send(app, HttpMethod.Delete, "/me/", pair.GetProperty("access").GetString()!, new { current_password = "another-pass-123" }))
            .IsSuccessStatusCode);
        var afterDeletion = await TwoInstances.FirstAsync(() => Send(app, HttpMethod.Get, "/chatsessions/", key), HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.OK, afterLogout.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterPassword.StatusCode);
        await ApiEndToEndTests.AssertProblem(afterDeletion, HttpStatusCode.Unauthorized, "token_not_valid");
    });

    /// <summary>Every route that manages the account or the deployment, which no key may call.</summary>
    internal static readonly (HttpMethod Method, string Path)[] AccountRoutes =
    [
        (HttpMethod.Get, "/me/"),
        (HttpMethod.Post, "/me/password/"),
        (HttpMethod.Delete, "/me/"),
        (HttpMethod.Get, "/me/api-keys/"),
        (HttpMethod.Post, "/me/api-keys/"),
        (HttpMethod.Post, "/logout/all/"),
        (HttpMethod.Get, "/admin/users/"),
        (HttpMethod.Get, "/admin/settings/"),
    ];

    internal static async Task<(string Key, long Id)> NewKeyAsync(ChatbotApp app, string access, object terms)
    {
        var created = await Send(app, HttpMethod.Post, "/me/api-keys/", access, terms);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("key").GetString()!, body.GetProperty("id").GetInt64());
    }

    internal static Task<HttpResponseMessage> Send(ChatbotApp app, HttpMethod method, string path, string credential, object? body = null)
        => app.Http.SendAsync(ApiClient.Request(method, path, credential, body));

    /// <summary>Runs <paramref name="test"/> against an app of its own on <paramref name="provider"/>, dropped after it.</summary>
    internal static async Task WithAppAsync(DatabaseProvider provider, Func<ChatbotApp, Task> test)
    {
        var app = new ChatbotApp(provider);
        try
        {
            await app.InitializeAsync();
            await test(app);
        }
        finally
        {
            await app.DisposeAsync();
            await app.Database.DropAsync();
        }
    }
}
