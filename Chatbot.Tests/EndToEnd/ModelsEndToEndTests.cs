using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Chatbot.Tests.EndToEnd;

/// <summary><c>GET /models/</c>: what a client may offer as a session's model.</summary>
public sealed class ModelsEndToEndTests : IAsyncLifetime
{
    private readonly ChatbotApp app = new(Core.Data.DatabaseProvider.Sqlite, new Dictionary<string, string?>
    {
        ["Gemini__Model"] = "gemini-2.5-flash",
        ["Gemini__AllowedModels__0"] = "gemini-2.5-pro",
        ["Gemini__AllowedModels__1"] = "gemini-2.0-flash",
    });

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task The_default_model_comes_first_then_the_other_allowed_ones()
    {
        var (access, _) = await app.Api.NewUserAsync();

        var models = await app.Api.GetJsonAsync(access, "/models/");

        Assert.Equal("gemini-2.5-flash", models.GetProperty("default").GetString());
        Assert.Equal(["gemini-2.5-flash", "gemini-2.0-flash", "gemini-2.5-pro"], models.GetProperty("allowed").EnumerateArray().Select(model => model.GetString()));
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        using var response = await app.Http.GetAsync("/models/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("not_authenticated", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
