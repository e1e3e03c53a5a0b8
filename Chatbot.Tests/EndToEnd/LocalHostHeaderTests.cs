using System.Net;
using System.Net.Http.Json;

namespace Chatbot.Tests.EndToEnd;

/// <summary>Headers at the local host's edge, through the real host and worker: what a client may not forge, and what the host's own answers carry.</summary>
public sealed class LocalHostHeaderTests(ChatbotApp app) : IClassFixture<ChatbotApp>
{
    [Fact]
    public async Task A_spoofed_invocation_id_is_ignored_and_the_request_answered_normally()
    {
        var health = ApiClient.Request(HttpMethod.Get, "/health/");
        Spoof(health);
        var username = $"spoof{Guid.NewGuid():N}"[..20];
        var register = ApiClient.Request(HttpMethod.Post, "/register/", json: new { username, email = $"{username}@example.com", password = "testpass" });
        Spoof(register);

        // A forged id would pair the request with an invocation that never comes: the worker answers 504 after its 5 s wait.
        // The statuses say so; the guard only keeps a hang from stalling the run (a cold worker under load takes seconds).
        using var healthy = await app.Http.SendAsync(health).WaitAsync(TimeSpan.FromSeconds(30));
        using var registered = await app.Http.SendAsync(register).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var login = await app.Http.PostAsJsonAsync("/login/", new { username, password = "testpass" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/no-such-function/", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/health/", HttpStatusCode.MethodNotAllowed)]
    public async Task The_hosts_own_problems_say_nosniff(string method, string path, HttpStatusCode status)
    {
        using var response = await app.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
    }

    [Theory]
    [InlineData("/health/")]
    [InlineData("/no-such-function/")]
    public async Task Answers_through_the_host_do_not_name_the_server(string path)
    {
        using var response = await app.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.False(response.Headers.Contains("Server"), $"{path} answered with Server: {string.Join(", ", response.Headers.Server)}.");
    }

    private static void Spoof(HttpRequestMessage request)
    {
        request.Headers.Add("x-ms-invocation-id", Guid.NewGuid().ToString());
        request.Headers.Add("x-ms-request-id", "forged");
    }
}
