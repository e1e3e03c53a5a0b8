using System.Collections.Concurrent;
using Chatbot.Core.Data;
using Chatbot.Tests.Fakes;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// The whole app (<see cref="ChatbotApp"/>) with two models of other providers served by one fake OpenAI server: an
/// OpenAI-compatible one (the default) and an Azure OpenAI one with a key, plus one whose key the server refuses.
/// Replies are scripted per prompt, so that background calls (titles) never take another test's reply.
/// </summary>
public sealed class OpenAiChatbotApp : IAsyncLifetime
{
    public const string OpenAiModel = "gpt-fake";
    public const string AzureModel = "azure-fake";
    public const string AzureDeployment = "chat-deployment";
    public const string RefusedModel = "refused-fake";
    public const string Title = "A fake title";

    private readonly ConcurrentDictionary<string, OpenAiReply> byPrompt = new(StringComparer.Ordinal);

    public FakeOpenAiServer OpenAi { get; private set; } = null!;

    public ChatbotApp App { get; private set; } = null!;

    public HttpClient Http => App.Http;

    public ApiClient Api => App.Api;

    /// <summary>What the fake answers to a call whose last user text is <paramref name="prompt"/>.</summary>
    public void Reply(string prompt, OpenAiReply reply) => byPrompt[prompt] = reply;

    public async Task InitializeAsync()
    {
        OpenAi = await FakeOpenAiServer.StartAsync();
        OpenAi.Default = request => request.Instructions == "You write short, plain titles." ? OpenAiReply.Text(Title)
            : byPrompt.TryGetValue(request.LastUserText, out var scripted) ? scripted
            : OpenAiReply.Text($"echo: {request.LastUserText}");
        App = new ChatbotApp(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Models__0__Id"] = OpenAiModel,
            ["Models__0__Provider"] = "OpenAI",
            ["Models__0__Endpoint"] = OpenAi.OpenAiEndpoint,
            ["Models__0__ApiKey"] = FakeOpenAiServer.ApiKey,
            ["Models__0__Name"] = "Fake GPT",
            ["Models__0__InputTokenLimit"] = "100000",
            ["Models__1__Id"] = AzureModel,
            ["Models__1__Provider"] = "AzureOpenAI",
            ["Models__1__Endpoint"] = OpenAi.BaseUrl.ToString(),
            ["Models__1__Deployment"] = AzureDeployment,
            ["Models__1__ApiKey"] = FakeOpenAiServer.ApiKey,
            ["Models__1__Vision"] = "true",
            ["Models__2__Id"] = RefusedModel,
            ["Models__2__Provider"] = "OpenAI",
            ["Models__2__Endpoint"] = OpenAi.OpenAiEndpoint,
            ["Models__2__ApiKey"] = "a-key-the-server-refuses",
            ["Chat__DefaultModel"] = OpenAiModel,
            ["Titles__Enabled"] = "true",
            // A call that takes longer than this is a timeout (504); retries are quick.
            ["Gemini__RequestTimeout"] = "00:00:04",
            ["Gemini__MaxRetries"] = "1",
        });
        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await OpenAi.DisposeAsync();
    }
}
