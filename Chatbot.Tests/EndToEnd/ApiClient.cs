using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Chatbot.Tests.EndToEnd;

/// <summary>The few calls most end-to-end tests start with, over any running app.</summary>
public sealed class ApiClient(HttpClient http)
{
    /// <summary>Registers a new user and logs in; returns the token pair.</summary>
    public async Task<(string Access, string Refresh)> NewUserAsync(string? username = null)
    {
        username ??= $"user{Guid.NewGuid():N}"[..20];
        var registered = await http.PostAsJsonAsync("/register/", new { username, email = $"{username}@example.com", password = "testpass" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var login = await http.PostAsJsonAsync("/login/", new { username, password = "testpass" });
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        return (tokens.GetProperty("access").GetString()!, tokens.GetProperty("refresh").GetString()!);
    }

    public async Task<long> NewSessionAsync(string access)
    {
        var created = await http.SendAsync(Request(HttpMethod.Post, "/chatsessions/", access));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? access = null, object? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (access is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        return request;
    }
}
