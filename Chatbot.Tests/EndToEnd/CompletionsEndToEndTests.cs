using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chatbot.Core.Usage;
using Chatbot.Tests.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// <c>/v1/</c> as OpenAI's clients use it: the official .NET SDK and Microsoft.Extensions.AI's <see cref="IChatClient"/>
/// over it, with an API key, through the local host and the real worker, against the fake Gemini.
/// </summary>
public sealed class CompletionsEndToEndTests(ChatbotApp app) : IClassFixture<ChatbotApp>
{
    private const string Model = "gemini-2.5-flash";

    /// <summary>The smallest PNG: one transparent pixel.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Fact]
    public async Task The_OpenAI_SDK_gets_a_completion_with_its_usage_and_nothing_is_kept_as_a_chat()
    {
        var (access, key) = await NewKeyAsync();

        ChatCompletion completion = await Client(key).CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("hello there")]);

        Assert.Equal("echo: hello there", completion.Content.Single().Text);
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(Model, completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.Equal((11, 7, 18), (completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount));
        Assert.Equal("Be brief.", app.Gemini.Requests.Last().SystemInstruction);
        Assert.Empty((await app.Api.GetJsonAsync(access, "/chatsessions/")).EnumerateArray());
        var userId = (await app.Api.GetJsonAsync(access, "/me/")).GetProperty("id").GetInt64();
        var kinds = await app.Database.ReadAsync(db => Task.FromResult(db.UsageLedger.Where(entry => entry.UserId == userId).Select(entry => entry.Kind).ToList()));
        Assert.Equal([UsageKind.Api], kinds);
        Assert.Equal((0, 0), await app.Database.ReadAsync(async db => (
            await db.ChatSessions.CountAsync(session => session.UserId == userId), await db.Messages.CountAsync(message => message.UserId == userId))));
    }

    [Fact]
    public async Task The_OpenAI_SDK_streams_a_completion_chunk_by_chunk_with_the_usage_last()
    {
        var (_, key) = await NewKeyAsync();
        app.Gemini.Enqueue(GeminiReply.Stream(["Hel", "lo ", "world"]));

        var text = new StringBuilder();
        OpenAI.Chat.ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in Client(key).CompleteChatStreamingAsync([new UserChatMessage("stream please")]))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(part => part.Text)));
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal("Hello world", text.ToString());
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(18, usage.TotalTokenCount);
    }

    [Fact]
    public async Task A_stream_on_the_wire_is_data_lines_of_one_completions_chunks_the_usage_last_then_done_and_a_failure_an_error_chunk()
    {
        var (_, key) = await NewKeyAsync();
        app.Gemini.Enqueue(GeminiReply.Stream(["a", "b"]), GeminiReply.StreamThenError(["partial"], 503, "UNAVAILABLE"));
        var body = new { model = Model, stream = true, stream_options = new { include_usage = true }, messages = new[] { new { role = "user", content = "x" } } };

        var lines = await DataLinesAsync(await Send(key, body));
        var failed = await DataLinesAsync(await Send(key, body with { stream_options = new { include_usage = false } }));

        Assert.Equal("[DONE]", lines[^1]);
        var chunks = lines[..^1].Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Single(chunks.Select(chunk => (chunk.GetProperty("id").GetString(), chunk.GetProperty("created").GetInt64())).Distinct());
        Assert.All(chunks, chunk => Assert.Equal("chat.completion.chunk", chunk.GetProperty("object").GetString()));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("ab", string.Concat(chunks.Where(chunk => chunk.GetProperty("choices").GetArrayLength() > 0)
            .Select(chunk => chunk.GetProperty("choices")[0].GetProperty("delta"))
            .Select(delta => delta.TryGetProperty("content", out var content) ? content.GetString() : "")));
        Assert.Equal("stop", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.All(chunks[..^1], chunk => Assert.Equal(JsonValueKind.Null, chunk.GetProperty("usage").ValueKind));
        Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
        Assert.Equal(18, chunks[^1].GetProperty("usage").GetProperty("total_tokens").GetInt32());
        var error = JsonDocument.Parse(failed[^1]).RootElement.GetProperty("error");
        Assert.Equal(("server_error", "gemini_unavailable"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        // Without store the session went with the failure: the words must not promise the prompt was kept.
        Assert.Equal("Gemini is unavailable right now; retry later.", error.GetProperty("message").GetString());
        Assert.DoesNotContain("[DONE]", failed);
    }

    [Fact]
    public async Task A_completion_without_store_is_never_listed_found_or_readable_while_it_answers()
    {
        var (access, key) = await NewKeyAsync();
        var userId = (await app.Api.GetJsonAsync(access, "/me/")).GetProperty("id").GetInt64();
        var release = new TaskCompletionSource();
        app.Gemini.Enqueue(GeminiReply.StreamHoldingLast(["still ", "thinking"], release.Task));
        var body = new { model = Model, stream = true, messages = new[] { new { role = "user", content = "transient zebra" } } };

        using var response = await app.Http.SendAsync(
            ApiClient.Request(HttpMethod.Post, "/v1/chat/completions", key, body), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line && !line.Contains("still", StringComparison.Ordinal))
        {
        }

        // Mid-answer its session exists, for the answer's sake, and nothing shows it.
        var inFlight = await app.Database.ReadAsync(async db => await db.ChatSessions.Where(session => session.UserId == userId)
            .Select(session => new { session.Id, session.Transient }).SingleAsync());
        Assert.True(inFlight.Transient);
        Assert.Empty((await app.Api.GetJsonAsync(access, "/chatsessions/")).EnumerateArray());
        Assert.Empty((await app.Api.GetJsonAsync(access, "/search/?q=zebra")).EnumerateArray());
        foreach (var path in new[] { $"/chatsessions/{inFlight.Id}/", $"/chatsessions/{inFlight.Id}/messages/" })
        {
            using var hidden = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, path, access));
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        release.SetResult();
        Assert.Contains("[DONE]", await reader.ReadToEndAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.Database.ReadAsync(db => db.ChatSessions.CountAsync(session => session.UserId == userId)));
    }

    [Fact]
    public async Task An_IChatClient_over_v1_answers_whole_and_streamed_and_a_stored_completion_becomes_a_session()
    {
        var (access, key) = await NewKeyAsync();
        using var chat = Client(key).AsIChatClient();

        var whole = await chat.GetResponseAsync("what is up");
        var updates = await chat.GetStreamingResponseAsync("and now?").ToListAsync();
        var stored = await Send(key, new
        {
            model = Model,
            store = true,
            messages = new object[]
        {
            new { role = "user", content = "first" },
            new { role = "assistant", content = "first answer" },
            new { role = "user", content = "keep this" },
        }
        });

        Assert.Equal("echo: what is up", whole.Text);
        Assert.Equal(Microsoft.Extensions.AI.ChatFinishReason.Stop, whole.FinishReason);
        Assert.Equal("echo: and now?", updates.ToChatResponse().Text);
        Assert.Contains(updates.SelectMany(update => update.Contents), content => content is UsageContent);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        var session = (await app.Api.GetJsonAsync(access, "/chatsessions/")).EnumerateArray().Single();
        var messages = await app.Api.GetJsonAsync(access, $"/chatsessions/{session.GetProperty("id").GetInt64()}/messages/");
        Assert.Equal(
            [("first", "first answer", "complete"), ("keep this", "echo: keep this", "complete")],
            messages.EnumerateArray().Select(message => (message.GetProperty("prompt").GetString(), message.GetProperty("response").GetString(),
                message.GetProperty("status").GetString())));
        Assert.Equal(messages[0].GetProperty("id").GetInt64(), messages[1].GetProperty("parent").GetInt64());
    }

    [Fact]
    public async Task An_image_part_reaches_Gemini_as_inline_bytes_and_a_json_format_as_its_json_output()
    {
        var (_, key) = await NewKeyAsync();
        var client = Client(key);

        await client.CompleteChatAsync([new UserChatMessage(
            ChatMessageContentPart.CreateTextPart("what is this?"),
            ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(Pixel), "image/png"))]);
        var image = app.Gemini.Requests.Last().Parts.Single(part => part.InlineBytes is not null);
        await client.CompleteChatAsync([new UserChatMessage("as json")], new ChatCompletionOptions
        {
            ResponseFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonObjectFormat(),
            Temperature = 0.5f,
            MaxOutputTokenCount = 100,
            StopSequences = { "END" },
        });
        var json = JsonDocument.Parse(app.Gemini.Requests.Last().Body).RootElement.GetProperty("generationConfig");
        await client.CompleteChatAsync([new UserChatMessage("by schema")], new ChatCompletionOptions
        {
            ResponseFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat(
                "answer", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")),
        });
        var schema = JsonDocument.Parse(app.Gemini.Requests.Last().Body).RootElement.GetProperty("generationConfig");

        Assert.Equal("image/png", image.MimeType);
        Assert.Equal(Pixel, image.InlineBytes);
        Assert.Equal("application/json", json.GetProperty("responseMimeType").GetString());
        Assert.Equal((0.5, 100, "END"), (json.GetProperty("temperature").GetDouble(), json.GetProperty("maxOutputTokens").GetInt32(),
            json.GetProperty("stopSequences")[0].GetString()));
        Assert.Equal("application/json", schema.GetProperty("responseMimeType").GetString());
        Assert.Equal("city", schema.GetProperty("responseJsonSchema").GetProperty("required")[0].GetString());
    }

    [Fact]
    public async Task Uploads_named_in_attachments_go_with_the_prompt_and_stay_with_a_stored_completion()
    {
        var (access, key) = await NewKeyAsync();
        var (otherAccess, _) = await NewKeyAsync();
        var image = (await AttachmentApi.UploadOkAsync(app.Http, access, AttachmentApi.Png, "dot.png")).GetProperty("id").GetInt64();
        var notes = (await AttachmentApi.UploadOkAsync(app.Http, access, "alpha, beta\n"u8.ToArray(), "notes.csv")).GetProperty("id").GetInt64();
        var foreign = (await AttachmentApi.UploadOkAsync(app.Http, otherAccess, AttachmentApi.Png, "theirs.png")).GetProperty("id").GetInt64();
        var prompt = $"What is in these? {Guid.NewGuid():N}";

        using var answered = await Send(key, new { model = Model, store = true, attachments = new[] { image, notes }, messages = new[] { new { role = "user", content = prompt } } });

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var asked = app.Gemini.Requests.Last(request => request.LastUserText.Contains(prompt, StringComparison.Ordinal)).Parts;
        Assert.Equal(AttachmentApi.Png, asked[0].InlineBytes);
        Assert.Equal("image/png", asked[0].MimeType);
        Assert.Equal("File notes.csv:\nalpha, beta\n", asked[1].Text);
        Assert.Equal(prompt, asked[2].Text);
        var session = Assert.Single((await app.Api.GetJsonAsync(access, "/chatsessions/")).EnumerateArray()).GetProperty("id").GetInt64();
        var stored = Assert.Single((await app.Api.GetJsonAsync(access, $"/chatsessions/{session}/messages/")).EnumerateArray());
        Assert.Equal(prompt, stored.GetProperty("prompt").GetString());
        Assert.Equal(["dot.png", "notes.csv"], stored.GetProperty("attachments").EnumerateArray().Select(file => file.GetProperty("name").GetString()));

        await AssertOpenAiError(await Send(key, new { model = Model, attachments = new[] { foreign }, messages = new[] { new { role = "user", content = "hi" } } }),
            HttpStatusCode.NotFound, "not_found_error", "not_found");
        await AssertOpenAiError(await Send(key, new { model = Model, attachments = new object[] { "one" }, messages = new[] { new { role = "user", content = "hi" } } }),
            HttpStatusCode.BadRequest, "invalid_request_error", "validation_failed", "attachments");
    }

    [Fact]
    public async Task A_revoked_key_and_a_spent_rate_are_errors_the_SDK_raises_with_their_status()
    {
        var (access, key) = await NewKeyAsync(new { name = "slow", requests_per_minute = 1 });
        var client = Client(key);

        await client.CompleteChatAsync([new UserChatMessage("one")]);
        var limited = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("two")]));
        var raw = await Send(key, new { model = Model, messages = new[] { new { role = "user", content = "three" } } });
        var keyId = (await app.Api.GetJsonAsync(access, "/me/api-keys/")).EnumerateArray().Single().GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await app.Http.SendAsync(ApiClient.Request(HttpMethod.Delete, $"/me/api-keys/{keyId}/", access))).StatusCode);
        var revoked = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("four")]));

        Assert.Equal(429, limited.Status);
        Assert.Contains("at most 1 answers a minute", limited.Message, StringComparison.Ordinal);
        var error = await AssertOpenAiError(raw, HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limited");
        Assert.NotNull(raw.Headers.RetryAfter?.Delta);
        Assert.Equal(401, revoked.Status);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
    }

    [Fact]
    public async Task What_v1_cannot_do_or_cannot_read_is_a_4xx_in_OpenAIs_shape_never_ignored()
    {
        var (access, key) = await NewKeyAsync();
        var (_, reader) = await NewKeyAsync(new { name = "reader", scopes = new[] { "read" } });
        var user = new[] { new { role = "user", content = "hi" } };

        await AssertOpenAiError(await Send(key, new { model = Model, messages = user, n = 2 }), HttpStatusCode.BadRequest, "invalid_request_error", "unsupported_parameter", "n");
        await AssertOpenAiError(await Send(key, new { model = Model, messages = user, tools = new[] { new { type = "function" } } }),
            HttpStatusCode.BadRequest, "invalid_request_error", "unsupported_parameter", "tools");
        await AssertOpenAiError(await Send(key, new { model = Model, messages = user, logprobs = true }), HttpStatusCode.BadRequest, "invalid_request_error", "unsupported_parameter", "logprobs");
        await AssertOpenAiError(await Send(key, new { model = Model, messages = user, audio = new { voice = "alloy" } }),
            HttpStatusCode.BadRequest, "invalid_request_error", "unsupported_parameter", "audio");
        await AssertOpenAiError(await Send(key, new { model = Model, messages = "hi" }), HttpStatusCode.BadRequest, "invalid_request_error", "validation_failed", "messages");
        await AssertOpenAiError(await Send(key, new { model = Model, messages = new[] { new { role = "robot", content = "hi" } } }),
            HttpStatusCode.BadRequest, "invalid_request_error", "validation_failed", "messages[0].role");
        await AssertOpenAiError(await Send(key, new { model = Model, messages = new[] { new { role = "assistant", content = "hi" } } }),
            HttpStatusCode.BadRequest, "invalid_request_error", "validation_failed", "messages");
        await AssertOpenAiError(await Send(key, new
        {
            model = Model,
            messages = new[] { new { role = "user", content = new object[] { new { type = "image_url", image_url = new { url = "https://example.com/cat.png" } } } } },
        }), HttpStatusCode.BadRequest, "invalid_request_error", "validation_failed", "messages[0].content[0].image_url.url");
        await AssertOpenAiError(await Send(key, new { model = "gpt-4o", messages = user }), HttpStatusCode.NotFound, "not_found_error", "model_not_found", "model");
        await AssertOpenAiError(await Send("cb-not-a-key", new { model = Model, messages = user }), HttpStatusCode.Unauthorized, "authentication_error", "token_not_valid");
        await AssertOpenAiError(await Send(reader, new { model = Model, messages = user }), HttpStatusCode.Forbidden, "permission_error", "api_key_scope_missing");
        var malformed = await app.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Headers = { Authorization = new("Bearer", key) },
            Content = new StringContent("{\"model\": ", Encoding.UTF8, "application/json"),
        });
        await AssertOpenAiError(malformed, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_json");
        Assert.Empty((await app.Api.GetJsonAsync(access, "/chatsessions/")).EnumerateArray());
    }

    [Fact]
    public async Task A_30_MB_data_URL_is_413_in_OpenAIs_shape_not_a_reset_connection()
    {
        var (_, key) = await NewKeyAsync();
        var huge = "data:image/png;base64," + new string('A', 30 * 1024 * 1024);

        var response = await Send(key, new
        {
            model = Model,
            messages = new[] { new { role = "user", content = new object[] { new { type = "image_url", image_url = new { url = huge } } } } },
        });

        await AssertOpenAiError(response, HttpStatusCode.RequestEntityTooLarge, "invalid_request_error", "payload_too_large");
    }

    [Fact]
    public async Task Models_lists_what_the_key_may_use_and_a_blocked_answer_ends_in_content_filter()
    {
        var (_, key) = await NewKeyAsync(new { name = "pro", models = new[] { "gemini-2.5-pro" } });
        var (_, any) = await NewKeyAsync();
        app.Gemini.Enqueue(GeminiReply.Blocked("SAFETY"));

        var models = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, "/v1/models", key));
        var listed = await Client(any).CompleteChatAsync([new UserChatMessage("something bad")]);
        var refused = await Send(key, new { model = Model, messages = new[] { new { role = "user", content = "hi" } } });

        var body = await models.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("list", body.GetProperty("object").GetString());
        var only = body.GetProperty("data").EnumerateArray().Single();
        Assert.Equal(("gemini-2.5-pro", "model", "gemini"), (only.GetProperty("id").GetString(), only.GetProperty("object").GetString(), only.GetProperty("owned_by").GetString()));
        Assert.Equal(OpenAI.Chat.ChatFinishReason.ContentFilter, listed.Value.FinishReason);
        await AssertOpenAiError(refused, HttpStatusCode.Forbidden, "permission_error", "model_not_allowed");
    }

    private static async Task<List<string>> DataLinesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(line => Assert.IsType<string>(line.StartsWith("data: ", StringComparison.Ordinal) ? line[6..] : null))];
    }

    internal static async Task<JsonElement> AssertOpenAiError(
        HttpResponseMessage response, HttpStatusCode status, string type, string code, string? param = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal((type, code), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        if (param is not null)
        {
            Assert.Equal(param, error.GetProperty("param").GetString());
        }

        return error;
    }

    private async Task<(string Access, string Key)> NewKeyAsync(object? terms = null)
    {
        var (access, _) = await app.Api.NewUserAsync();
        var (key, _) = await ApiKeyEndToEndTests.NewKeyAsync(app, access, terms ?? new { name = "sdk" });
        return (access, key);
    }

    private Task<HttpResponseMessage> Send(string key, object body)
        => app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/v1/chat/completions", key, body));

    /// <summary>The SDK as a user sets it up: the app's /v1 as the endpoint, the key; no retries, so a 429 surfaces at once.</summary>
    private ChatClient Client(string key) => new(Model, new ApiKeyCredential(key), new OpenAIClientOptions
    {
        Endpoint = new Uri(app.Host.BaseUrl, "v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });
}
