using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Tests.Fakes;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// Chats with models of other providers than Gemini, through the local host and the real worker, against a fake
/// OpenAI-compatible server: every chat feature and every failure answers as it does with Gemini.
/// </summary>
public sealed class OpenAiProviderEndToEndTests(OpenAiChatbotApp app) : IClassFixture<OpenAiChatbotApp>
{
    [Fact]
    public async Task A_message_is_answered_by_the_default_openai_model_with_its_usage_recorded()
    {
        var (access, session) = await NewSessionAsync();
        var prompt = Unique("hello");

        var response = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var message = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("complete", $"echo: {prompt}", "stop"),
            (message.GetProperty("status").GetString(), message.GetProperty("response").GetString(), message.GetProperty("finish_reason").GetString()));
        Assert.Equal((OpenAiReply.PromptTokens, OpenAiReply.CompletionTokens),
            (message.GetProperty("prompt_tokens").GetInt32(), message.GetProperty("response_tokens").GetInt32()));
        var call = app.OpenAi.Requests.Single(request => request.LastUserText == prompt);
        Assert.Equal(("/v1/chat/completions", OpenAiChatbotApp.OpenAiModel, FakeOpenAiServer.ApiKey, false),
            (call.Path, call.Model, call.ApiKey, call.Stream));
        Assert.Equal("You are a helpful assistant.", call.Instructions);

        var usage = (await app.Api.GetJsonAsync(access, "/usage/")).GetProperty("today");
        Assert.Equal(1, usage.GetProperty("messages").GetInt32());
        Assert.True(usage.GetProperty("prompt_tokens").GetInt64() >= OpenAiReply.PromptTokens);
    }

    [Fact]
    public async Task A_streamed_answer_arrives_in_deltas_and_its_usage_chunk_is_stored()
    {
        var (access, session) = await NewSessionAsync();
        var prompt = Unique("stream");
        app.Reply(prompt, OpenAiReply.Stream(["JWT ", "is ", "a token."], TimeSpan.FromMilliseconds(300)));

        var events = await ReadAllAsync(await SendStreamingAsync(access, session, prompt));

        Assert.Equal(["message", "delta", "delta", "delta", "done"], events.Select(item => item.Name));
        var done = events[^1].Data;
        Assert.Equal(("complete", "JWT is a token.", "stop", OpenAiReply.CompletionTokens),
            (done.GetProperty("status").GetString(), done.GetProperty("response").GetString(), done.GetProperty("finish_reason").GetString(),
                done.GetProperty("response_tokens").GetInt32()));
        var call = app.OpenAi.Requests.Single(request => request.LastUserText == prompt);
        Assert.True(call.Stream && call.IncludeUsage, "A stream should ask for its usage chunk.");
    }

    [Fact]
    public async Task Stop_ends_a_slow_stream_and_keeps_the_part_produced()
    {
        var (access, session) = await NewSessionAsync();
        var prompt = Unique("stop");
        app.Reply(prompt, OpenAiReply.Stream(["first ", "second ", "third ", "fourth"], TimeSpan.FromSeconds(2)));

        using var response = await SendStreamingAsync(access, session, prompt);
        var events = new List<SseEvent>();
        await foreach (var item in ReadEventsAsync(response))
        {
            events.Add(item);
            if (item.Name == "delta")
            {
                var messageId = events[0].Data.GetProperty("id").GetInt64();
                var stopped = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/{messageId}/stop/", access));
                Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
            }
        }

        var done = events[^1];
        Assert.Equal(("done", "stopped", "first "), (done.Name, done.Data.GetProperty("status").GetString(), done.Data.GetProperty("response").GetString()));
    }

    [Fact]
    public async Task Regenerate_and_edit_answer_again_with_the_history_of_their_branch()
    {
        var (access, session) = await NewSessionAsync();
        var first = await SendAsync(access, session, Unique("first"));
        var prompt = Unique("second");
        var second = await SendAsync(access, session, prompt);
        app.Reply(prompt, OpenAiReply.Text("a better answer"));

        var regenerated = await app.Http.SendAsync(ApiClient.Request(
            HttpMethod.Post, $"/chatsessions/{session}/messages/{second.GetProperty("id").GetInt64()}/regenerate/", access));
        var edited = await app.Http.SendAsync(ApiClient.Request(
            HttpMethod.Patch, $"/chatsessions/{session}/messages/{second.GetProperty("id").GetInt64()}/", access, new { prompt = prompt + " edited" }));

        Assert.Equal(HttpStatusCode.OK, regenerated.StatusCode);
        Assert.Equal("a better answer", (await regenerated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("response").GetString());
        Assert.Equal(HttpStatusCode.Created, edited.StatusCode);
        Assert.Equal($"echo: {prompt} edited", (await edited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("response").GetString());
        var editCall = app.OpenAi.Requests.Single(request => request.LastUserText == prompt + " edited");
        Assert.Equal(
            [("user", first.GetProperty("prompt").GetString()!), ("assistant", first.GetProperty("response").GetString()!), ("user", prompt + " edited")],
            editCall.Messages.Where(message => message.Role != "system"));
    }

    [Fact]
    public async Task The_first_answer_names_the_session_with_the_sessions_own_model()
    {
        var (access, session) = await NewSessionAsync();
        await SendAsync(access, session, Unique("name me"));

        var title = await WaitForAsync(async () => (await app.Api.GetJsonAsync(access, $"/chatsessions/{session}/")).GetProperty("title"),
            found => found.ValueKind == JsonValueKind.String);

        Assert.Equal(OpenAiChatbotApp.Title, title.GetString());
        Assert.Contains(app.OpenAi.Requests, request => request.Instructions == "You write short, plain titles." && request.Model == OpenAiChatbotApp.OpenAiModel);
    }

    [Fact]
    public async Task An_azure_openai_model_is_called_at_its_deployment_with_its_key_and_api_version()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var session = await NewSessionWithModelAsync(access, OpenAiChatbotApp.AzureModel);
        var prompt = Unique("azure");
        app.Reply(prompt, OpenAiReply.Stream(["from ", "azure"]));

        var events = await ReadAllAsync(await SendStreamingAsync(access, session, prompt));

        Assert.Equal("from azure", events[^1].Data.GetProperty("response").GetString());
        var call = app.OpenAi.Requests.Single(request => request.LastUserText == prompt);
        Assert.Equal(($"/openai/deployments/{OpenAiChatbotApp.AzureDeployment}/chat/completions", FakeOpenAiServer.ApiKey),
            (call.Path, call.ApiKey));
        Assert.Contains("api-version=", call.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, "rate_limit_error", HttpStatusCode.TooManyRequests, "gemini_rate_limited")]
    [InlineData(503, "server_error", HttpStatusCode.ServiceUnavailable, "gemini_unavailable")]
    [InlineData(500, "server_error", HttpStatusCode.BadGateway, "gemini_error")]
    [InlineData(401, "authentication_error", HttpStatusCode.ServiceUnavailable, "gemini_rejected")]
    public async Task A_provider_failure_keeps_the_prompt_and_answers_as_geminis_would(int status, string type, HttpStatusCode expected, string code)
    {
        var (access, session) = await NewSessionAsync();
        var prompt = Unique("fail");
        app.Reply(prompt, OpenAiReply.Error(status, type, retryAfterSeconds: 47));

        var response = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt }));

        var problem = await ApiEndToEndTests.AssertProblem(response, expected, code);
        if (expected == HttpStatusCode.TooManyRequests)
        {
            Assert.Equal(TimeSpan.FromSeconds(47), response.Headers.RetryAfter?.Delta);
            Assert.Single(app.OpenAi.Requests, request => request.LastUserText == prompt);
        }

        var kept = await MessagesAsync(access, session);
        Assert.Equal((prompt, "failed", problem.GetProperty("message_id").GetInt64()),
            (kept[0].GetProperty("prompt").GetString(), kept[0].GetProperty("status").GetString(), kept[0].GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task A_provider_that_answers_too_late_is_a_504()
    {
        var (access, session) = await NewSessionAsync();
        var prompt = Unique("slow");
        app.Reply(prompt, OpenAiReply.Delayed(TimeSpan.FromSeconds(20), OpenAiReply.Text("too late")));

        var response = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt }));

        await ApiEndToEndTests.AssertProblem(response, HttpStatusCode.GatewayTimeout, "gemini_timeout");
    }

    [Fact]
    public async Task A_key_the_provider_refuses_is_a_503_that_tells_an_operator_to_act()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var session = await NewSessionWithModelAsync(access, OpenAiChatbotApp.RefusedModel);

        var response = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt = Unique("refused") }));

        await ApiEndToEndTests.AssertProblem(response, HttpStatusCode.ServiceUnavailable, "gemini_rejected");
    }

    [Fact]
    public async Task A_content_filter_stop_is_blocked_streamed_or_not()
    {
        var (access, session) = await NewSessionAsync();
        var prompt = Unique("filtered");
        app.Reply(prompt, OpenAiReply.ContentFiltered("Some text, then "));

        var response = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt }));
        var events = await ReadAllAsync(await SendStreamingAsync(access, session, prompt));

        var problem = await ApiEndToEndTests.AssertProblem(response, HttpStatusCode.UnprocessableEntity, "content_blocked");
        Assert.Contains("content_filter", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(("error", "content_blocked"), (events[^1].Name, events[^1].Data.GetProperty("code").GetString()));
        Assert.All(await MessagesAsync(access, session), message => Assert.Equal("blocked", message.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Models_lists_every_provider_with_the_configured_default_first()
    {
        var (access, _) = await app.Api.NewUserAsync();

        var models = await app.Api.GetJsonAsync(access, "/models/");

        Assert.Equal(OpenAiChatbotApp.OpenAiModel, models.GetProperty("default").GetString());
        var listed = models.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(models.GetProperty("allowed").EnumerateArray().Select(id => id.GetString()), listed.Select(model => model.GetProperty("id").GetString()));
        Assert.Equal(("gpt-fake", "Fake GPT", "OpenAI", false, 100_000),
            (listed[0].GetProperty("id").GetString(), listed[0].GetProperty("name").GetString(), listed[0].GetProperty("provider").GetString(),
                listed[0].GetProperty("vision").GetBoolean(), listed[0].GetProperty("input_token_limit").GetInt32()));
        var azure = listed.Single(model => model.GetProperty("id").GetString() == OpenAiChatbotApp.AzureModel);
        Assert.Equal(("AzureOpenAI", true, OpenAiChatbotApp.AzureModel), (azure.GetProperty("provider").GetString(), azure.GetProperty("vision").GetBoolean(), azure.GetProperty("name").GetString()));
        Assert.Contains(listed, model => model.GetProperty("provider").GetString() == "Gemini");
    }

    private async Task<(string Access, long Session)> NewSessionAsync()
    {
        var (access, _) = await app.Api.NewUserAsync();
        return (access, await app.Api.NewSessionAsync(access));
    }

    private async Task<long> NewSessionWithModelAsync(string access, string model)
    {
        var created = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/chatsessions/", access, new { model }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private async Task<JsonElement> SendAsync(string access, long session, string prompt)
    {
        var response = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<List<JsonElement>> MessagesAsync(string access, long session)
        => (await app.Api.GetJsonAsync(access, $"/chatsessions/{session}/messages/")).EnumerateArray().ToList();

    private async Task<HttpResponseMessage> SendStreamingAsync(string access, long session, string prompt)
    {
        var request = ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt });
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await app.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async Task<List<SseEvent>> ReadAllAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var events = new List<SseEvent>();
            await foreach (var item in ReadEventsAsync(response))
            {
                events.Add(item);
            }

            return events;
        }
    }

    /// <summary>Each event once its blank line arrives, with its name and JSON data.</summary>
    private static async IAsyncEnumerable<SseEvent> ReadEventsAsync(HttpResponseMessage response)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? name = null, data = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0 && name is not null && data is not null)
            {
                yield return new SseEvent(name, JsonSerializer.Deserialize<JsonElement>(data));
                (name, data) = (null, null);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }
    }

    private sealed record SseEvent(string Name, JsonElement Data);

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> condition)
    {
        for (var waited = 0; waited < 15_000; waited += 100)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The expected state never came.");
    }

    private static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}";
}
