using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Core.Data;

namespace Chatbot.Tests.EndToEnd;

/// <summary>An app whose operator set <c>Admin__BootstrapToken</c>, as <c>azd</c> does from Key Vault.</summary>
public sealed class BootstrapTokenApp() : ChatbotApp(DatabaseProvider.Sqlite, new Dictionary<string, string?>
{
    ["Admin__BootstrapToken"] = BootstrapEndToEndTests.Token,
});

/// <summary>Claiming the first admin over HTTP: a wrong token, the right one, and the right one once an admin exists.</summary>
public sealed class BootstrapEndToEndTests(BootstrapTokenApp app) : IClassFixture<BootstrapTokenApp>
{
    public const string Token = "bootstrap-token-for-the-end-to-end-tests";

    [Fact]
    public async Task A_wrong_token_is_403_the_right_one_makes_an_admin_and_after_that_it_is_409()
    {
        var (first, _) = await app.Api.NewUserAsync("firstadmin");
        var (second, _) = await app.Api.NewUserAsync("secondcomer");

        var anonymous = await app.Http.PostAsJsonAsync("/admin/bootstrap/", new { token = Token });
        var wrong = await ClaimAsync(first, "not-the-token");
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, "/admin/settings/", first))).StatusCode);
        var right = await ClaimAsync(first, Token);
        var late = await ClaimAsync(second, Token);

        await ApiEndToEndTests.AssertProblem(anonymous, HttpStatusCode.Unauthorized, "not_authenticated");
        await ApiEndToEndTests.AssertProblem(wrong, HttpStatusCode.Forbidden, "invalid_bootstrap_token");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var account = await right.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("firstadmin", "admin", "active"),
            (account.GetProperty("username").GetString(), account.GetProperty("role").GetString(), account.GetProperty("status").GetString()));
        await ApiEndToEndTests.AssertProblem(late, HttpStatusCode.Conflict, "admin_exists");
        // The token the first admin already holds works at once: the admin routes read the role per request.
        Assert.Equal("open", (await app.Api.GetJsonAsync(first, "/admin/settings/")).GetProperty("registration_mode").GetString());
        Assert.Equal("user", (await app.Api.GetJsonAsync(second, "/me/")).GetProperty("role").GetString());
    }

    private Task<HttpResponseMessage> ClaimAsync(string access, string token)
        => app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/admin/bootstrap/", access, new { token }));
}
