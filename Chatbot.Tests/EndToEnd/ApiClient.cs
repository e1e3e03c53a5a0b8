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

    /// <summary>Creates a session, untitled unless <paramref name="title"/> is given; returns its id.</summary>
    public async Task<long> NewSessionAsync(string access, string? title = null)
    {
        var created = await http.SendAsync(Request(HttpMethod.Post, "/chatsessions/", access, title is null ? null : new { title }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>GETs <paramref name="path"/> as the user, expecting 200, and returns the JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string access, string path)
    {
        var response = await http.SendAsync(Request(HttpMethod.Get, path, access));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
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
