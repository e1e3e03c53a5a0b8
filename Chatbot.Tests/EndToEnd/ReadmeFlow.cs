using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Chatbot.Tests.EndToEnd;

/// <summary>The README's walk-through, step by step, with what each answer must be.</summary>
internal static class ReadmeFlow
{
    public static async Task RunAsync(ChatbotApp app)
    {
        var http = app.Http;
        var username = $"readme{Guid.NewGuid():N}"[..16];

        var registered = await http.PostAsJsonAsync("/register/", new { username, email = "test@example.com", password = "testpass" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var user = await registered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["email", "id", "status", "username"], user.EnumerateObject().Select(property => property.Name).Order());
        Assert.Equal("active", user.GetProperty("status").GetString());
        Assert.Equal(username, user.GetProperty("username").GetString());

        var login = await http.PostAsJsonAsync("/login/", new { username, password = "testpass" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        var access = tokens.GetProperty("access").GetString()!;
        var obtained = await http.PostAsJsonAsync("/api/token/", new { username, password = "testpass" });
        Assert.Equal(HttpStatusCode.OK, obtained.StatusCode);

        var created = await http.SendAsync(ApiClient.Request(HttpMethod.Post, "/chatsessions/", access, new { title = "First chat" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var session = await created.Content.ReadFromJsonAsync<JsonElement>();
        var sessionId = session.GetProperty("id").GetInt64();
        Assert.Equal(user.GetProperty("id").GetInt64(), session.GetProperty("user").GetInt64());
        Assert.EndsWith("Z", session.GetProperty("started_at").GetString(), StringComparison.Ordinal);

        var list = await http.SendAsync(ApiClient.Request(HttpMethod.Get, "/chatsessions/", access));
        Assert.Equal([sessionId], (await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(item => item.GetProperty("id").GetInt64()));

        var sent = await http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{sessionId}/messages/", access, new { prompt = "What is JWT?" }));
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var message = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("echo: What is JWT?", message.GetProperty("response").GetString());
        Assert.Equal(sessionId, message.GetProperty("session").GetInt64());
        Assert.Equal("complete", message.GetProperty("status").GetString());

        await http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{sessionId}/messages/", access, new { prompt = "And refresh tokens?" }));
        var remembered = app.Gemini.Requests.Last(request => request.LastUserText == "And refresh tokens?");
        Assert.Equal([("user", "What is JWT?"), ("model", "echo: What is JWT?"), ("user", "And refresh tokens?")], remembered.Contents);

        var messages = await http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/chatsessions/{sessionId}/messages/", access));
        Assert.Equal(["What is JWT?", "And refresh tokens?"],
            (await messages.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(item => item.GetProperty("prompt").GetString()));

        var renamed = await http.SendAsync(ApiClient.Request(HttpMethod.Put, $"/chatsessions/{sessionId}/", access, new { title = "Renamed" }));
        Assert.Equal("Renamed", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());

        var deleted = await http.SendAsync(ApiClient.Request(HttpMethod.Delete, $"/chatsessions/{sessionId}/", access));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var gone = await http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/chatsessions/{sessionId}/messages/", access));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        var refreshed = await http.PostAsJsonAsync("/api/token/refresh/", new { refresh = tokens.GetProperty("refresh").GetString() });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var verified = await http.PostAsJsonAsync("/api/token/verify/", new { token = access });
        Assert.Equal("{}", await verified.Content.ReadAsStringAsync());
    }
}
