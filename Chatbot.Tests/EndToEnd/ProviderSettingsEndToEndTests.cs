using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Chatbot.Core.Data;
using Chatbot.Tests.Fakes;

namespace Chatbot.Tests.EndToEnd;

/// <summary>How the models of other providers are set up: a misconfigured one stops the app; one alone carries it without a Gemini key.</summary>
public sealed class ProviderSettingsEndToEndTests
{
    [Theory]
    [InlineData("AzureOpenAI", null, "Chatbot cannot start: Models:0:Endpoint is required for Azure OpenAI (https://NAME.openai.azure.com).")]
    [InlineData("OpenAI", "localhost:11434/v1", "Chatbot cannot start: Models:0:Endpoint must be an absolute http(s) URL.")]
    [InlineData("Anthropic", null, "Chatbot cannot start: Models:0:Provider must be AzureOpenAI or OpenAI.")]
    public async Task A_misconfigured_model_stops_the_app_at_start_up_with_one_line_naming_the_setting(string provider, string? endpoint, string line)
    {
        var data = Directory.CreateTempSubdirectory("chatbot-badmodel-").FullName;
        await using var host = LocalHostProcess.Launch(new Dictionary<string, string?>
        {
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production",
            ["Chatbot__DataDirectory"] = data,
            ["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Gemini__ApiKey"] = "some-key",
            ["Models__0__Id"] = "gpt-4o-mini",
            ["Models__0__Provider"] = provider,
            ["Models__0__Endpoint"] = endpoint,
        });

        await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, host.ExitCode);
        // The worker's one line, as the local host passes it on.
        Assert.Contains($"worker: {line}", host.Output.Split('\n').Select(text => text.Trim()));
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Without_a_gemini_key_an_openai_compatible_model_alone_is_offered_and_chats()
    {
        await using var openAi = await FakeOpenAiServer.StartAsync();
        var app = new ChatbotApp(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Gemini__ApiKey"] = null,
            // As a developer's Ollama: no key at all.
            ["Models__0__Id"] = "llama3.2",
            ["Models__0__Provider"] = "OpenAI",
            ["Models__0__Endpoint"] = openAi.OpenAiEndpoint,
        });
        openAi.RequiredKey = null;
        openAi.Default = request => OpenAiReply.Text($"local: {request.LastUserText}");
        await app.InitializeAsync();
        try
        {
            var (access, _) = await app.Api.NewUserAsync();
            var session = await app.Api.NewSessionAsync(access);

            var models = await app.Api.GetJsonAsync(access, "/models/");
            var sent = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt = "hi" }));

            Assert.Equal("llama3.2", models.GetProperty("default").GetString());
            Assert.Equal(["llama3.2"], models.GetProperty("allowed").EnumerateArray().Select(id => id.GetString()));
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
            Assert.Equal("local: hi", (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("response").GetString());
            Assert.Equal("llama3.2", openAi.Requests.Single().Model);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
