using Chatbot.Core.Gemini;
using Chatbot.Tests.Fakes;
using Chatbot.Tests.Fixtures;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Chatbot.Tests.Gemini;

/// <summary>Our Gemini client, through its real registration, against a fake Gemini over loopback HTTP.</summary>
public sealed class GeminiChatClientTests : IAsyncLifetime
{
    private FakeGeminiServer gemini = null!;
    private CoreServices core = null!;

    private IChatClient Client => core.GetRequiredService<IChatClient>();

    public async Task InitializeAsync()
    {
        gemini = await FakeGeminiServer.StartAsync();
        core = await CoreServices.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Gemini:BaseUrl"] = gemini.BaseUrl.ToString(),
            ["Gemini:Model"] = "gemini-test",
        });
    }

    public async Task DisposeAsync()
    {
        await core.DisposeAsync();
        await gemini.DisposeAsync();
    }

    [Fact]
    public async Task An_answer_carries_its_text_finish_reason_usage_and_model()
    {
        gemini.Enqueue(GeminiReply.Text("JWT is a signed token."));

        var response = await Client.GetResponseAsync([new ChatMessage(ChatRole.User, "What is JWT?")]);

        Assert.Equal("JWT is a signed token.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal((11L, 7L), (response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value));
        Assert.Equal("gemini-test", response.ModelId);
    }

    [Fact]
    public async Task Text_split_over_several_parts_is_joined()
    {
        gemini.Enqueue(GeminiReply.MultiPart("Hello, ", "world", "!"));

        var response = await Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.Equal("Hello, world!", response.Text);
    }

    [Fact]
    public async Task The_conversation_goes_as_user_and_model_turns_with_the_system_instruction_and_the_key_in_a_header()
    {
        await Client.GetResponseAsync(
        [
            new ChatMessage(ChatRole.User, "Hello"),
            new ChatMessage(ChatRole.Assistant, "Hi! How can I help?"),
            new ChatMessage(ChatRole.User, "What is JWT?"),
        ]);

        var request = Assert.Single(gemini.Requests);
        Assert.Equal([("user", "Hello"), ("model", "Hi! How can I help?"), ("user", "What is JWT?")], request.Contents);
        Assert.Equal("You are a helpful assistant.", request.SystemInstruction);
        Assert.Equal(("gemini-test", "generateContent"), (request.Model, request.Method));
        Assert.Equal(FakeGeminiServer.ApiKey, request.ApiKey);
        Assert.DoesNotContain(FakeGeminiServer.ApiKey, request.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_go_as_inline_data_and_uploaded_files_as_file_data_beside_the_text()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var upload = new Uri("https://generativelanguage.googleapis.com/v1beta/files/abc123");

        await Client.GetResponseAsync([new ChatMessage(ChatRole.User,
            [new TextContent("What is in this picture?"), new DataContent(png, "image/png"), new UriContent(upload, "application/pdf")])]);

        var request = Assert.Single(gemini.Requests);
        Assert.Collection(request.Parts,
            text => Assert.Equal(("user", "What is in this picture?"), (text.Role, text.Text)),
            inline =>
            {
                Assert.Equal("image/png", inline.MimeType);
                Assert.Equal(png, inline.InlineBytes);
            },
            file => Assert.Equal(("application/pdf", upload.ToString()), (file.MimeType!, file.FileUri!)));
    }

    [Fact]
    public async Task A_rate_limit_is_not_retried_and_says_when_to_retry()
    {
        gemini.Enqueue(GeminiReply.Error(429, "RESOURCE_EXHAUSTED", retryDelay: "7s"));

        var failure = await Assert.ThrowsAsync<GeminiException>(() => Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(GeminiFailure.RateLimited, failure.Failure);
        Assert.Equal(TimeSpan.FromSeconds(7), failure.RetryAfter);
        Assert.Single(gemini.Requests);
    }

    [Fact]
    public async Task An_internal_error_is_retried_then_reported_as_bad_gateway()
    {
        gemini.Enqueue(GeminiReply.Error(500, "INTERNAL"), GeminiReply.Error(500, "INTERNAL"), GeminiReply.Error(500, "INTERNAL"));

        var failure = await Assert.ThrowsAsync<GeminiException>(() => Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(GeminiFailure.BadGateway, failure.Failure);
        Assert.Equal(1 + core.GetRequiredService<IOptions<GeminiOptions>>().Value.MaxRetries, gemini.Requests.Count);
    }

    [Fact]
    public async Task An_overload_that_passes_is_retried_into_success()
    {
        gemini.Enqueue(GeminiReply.Error(503, "UNAVAILABLE"), GeminiReply.Text("made it"));

        var response = await Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.Equal("made it", response.Text);
        Assert.Equal(2, gemini.Requests.Count);
    }

    [Fact]
    public async Task A_lasting_overload_is_reported_as_unavailable()
    {
        gemini.Default = _ => GeminiReply.Error(503, "UNAVAILABLE");

        var failure = await Assert.ThrowsAsync<GeminiException>(() => Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(GeminiFailure.Unavailable, failure.Failure);
    }

    [Fact]
    public async Task A_rejected_key_is_a_configuration_failure()
    {
        gemini.Enqueue(GeminiReply.Error(400, "INVALID_ARGUMENT", reason: "API_KEY_INVALID"));

        var failure = await Assert.ThrowsAsync<GeminiException>(() => Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(GeminiFailure.Rejected, failure.Failure);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_blocked_prompt_or_withheld_answer_is_a_refusal_with_its_reason(bool blockedPrompt)
    {
        gemini.Enqueue(blockedPrompt ? GeminiReply.Blocked("SAFETY") : GeminiReply.Withheld("RECITATION"));

        var failure = await Assert.ThrowsAsync<GeminiException>(() => Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(GeminiFailure.Blocked, failure.Failure);
        Assert.Equal(blockedPrompt ? "SAFETY" : "RECITATION", failure.BlockReason);
    }

    [Fact]
    public async Task A_call_slower_than_the_attempt_timeout_times_out()
    {
        gemini.Default = _ => GeminiReply.Delayed(TimeSpan.FromSeconds(5), GeminiReply.Text("too late"));

        var failure = await Assert.ThrowsAsync<GeminiException>(() => Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(GeminiFailure.Timeout, failure.Failure);
    }

    [Fact]
    public async Task Streaming_yields_each_delta_in_order_then_the_finish_reason_and_usage()
    {
        gemini.Enqueue(GeminiReply.Stream(["JWT ", "is ", "a token."]));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "What is JWT?")]))
        {
            updates.Add(update);
        }

        Assert.Equal(["JWT ", "is ", "a token."], updates.Select(update => update.Text));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.Equal(18, updates[^1].Contents.OfType<UsageContent>().Single().Details.TotalTokenCount);
        Assert.Equal("?alt=sse", Assert.Single(gemini.Requests).Query);
    }

    [Fact]
    public async Task A_stream_that_outlives_its_deadline_fails_as_a_timeout_with_the_answer_so_far()
    {
        var client = new GeminiChatClient(
            core.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new GeminiOptions
            {
                ApiKey = FakeGeminiServer.ApiKey,
                BaseUrl = gemini.BaseUrl.ToString(),
                StreamTimeout = TimeSpan.FromMilliseconds(500),
            }),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<GeminiChatClient>.Instance);
        gemini.Enqueue(GeminiReply.Stream(["Once ", "upon ", "a time"], delayBetween: TimeSpan.FromSeconds(5)));

        var updates = new List<string>();
        var failure = await Assert.ThrowsAsync<GeminiException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "A story")]))
            {
                updates.Add(update.Text);
            }
        });

        Assert.Equal((GeminiFailure.Timeout, "Once "), (failure.Failure, failure.PartialText));
        Assert.Equal(["Once "], updates);
    }

    [Fact]
    public async Task Without_a_key_no_call_is_made_and_the_failure_says_not_configured()
    {
        var client = new GeminiChatClient(
            core.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new GeminiOptions { ApiKey = "", BaseUrl = gemini.BaseUrl.ToString() }),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<GeminiChatClient>.Instance);

        var failure = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(GeminiFailure.NotConfigured, failure.Failure);
        Assert.Empty(gemini.Requests);
    }

    [Fact]
    public void A_missing_key_outside_development_fails_validation_naming_the_setting()
    {
        var result = new GeminiOptionsValidator(apiKeyOptional: false).Validate(null, new GeminiOptions());

        Assert.Equal("Gemini:ApiKey (or GEMINI_API_KEY) is required.", result.FailureMessage);
        Assert.True(new GeminiOptionsValidator(apiKeyOptional: true).Validate(null, new GeminiOptions()).Succeeded);
    }
}
