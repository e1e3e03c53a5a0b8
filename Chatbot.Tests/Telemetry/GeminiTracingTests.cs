using System.Diagnostics;
using Chatbot.Core.Chats;
using Chatbot.Core.Telemetry;
using Chatbot.Tests.Fakes;
using Chatbot.Tests.Fixtures;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Chatbot.Tests.Telemetry;

public sealed class GeminiTracingTests : IAsyncLifetime
{
    private static readonly ActivitySource Tests = new("Chatbot.Tests");
    private readonly List<Activity> spans = [];
    private FakeGeminiServer gemini = null!;
    private TracerProvider tracing = null!;

    public async Task InitializeAsync()
    {
        gemini = await FakeGeminiServer.StartAsync();
        tracing = Sdk.CreateTracerProviderBuilder().AddSource(ChatTelemetry.SourceName, Tests.Name).AddInMemoryExporter(spans).Build()!;
    }

    public async Task DisposeAsync()
    {
        tracing.Dispose();
        await gemini.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_message_makes_a_chat_span_with_its_token_counts_and_its_prompt_only_when_asked(bool recordContent)
    {
        await using var core = await CoreServices.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Gemini:BaseUrl"] = gemini.BaseUrl.ToString(),
            ["Telemetry:RecordContent"] = recordContent ? "true" : "false",
        });
        var user = (await core.RegisterAsync("traced", "t@example.com", "traced-pass")).Id;
        var session = (await core.InScopeAsync<ChatSessionService, ChatSessionDto>(service => service.CreateAsync(user, new SessionSettings("t", null, null), default))).Id;
        var prompt = $"a secret question {Guid.NewGuid():N}";

        ActivityTraceId trace;
        using (var test = Tests.StartActivity("send one message"))
        {
            trace = test!.TraceId;
            await core.InScopeAsync<MessageCommands, MessageDto>(commands => commands.SendAsync(user, session, prompt, streamed: false, default).AnsweredAsync());
        }

        tracing.ForceFlush();

        // Other tests' spans share the listener: this test's are those of its own trace.
        var chat = Assert.Single(spans, span => span.TraceId == trace && span.Source.Name == ChatTelemetry.SourceName);
        Assert.StartsWith("chat", chat.DisplayName, StringComparison.Ordinal);
        Assert.Equal(recordContent, Mentions(chat, prompt));
        Assert.Equal(11, Convert.ToInt32(chat.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(7, Convert.ToInt32(chat.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("chat", chat.GetTagItem("gen_ai.operation.name"));
    }

    private static bool Mentions(Activity span, string text)
        => span.TagObjects.Any(tag => tag.Value?.ToString()?.Contains(text, StringComparison.Ordinal) == true)
            || span.Events.Any(item => item.Tags.Any(tag => tag.Value?.ToString()?.Contains(text, StringComparison.Ordinal) == true));
}
