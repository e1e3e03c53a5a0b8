using System.Diagnostics;
using System.Globalization;
using Chatbot.Core.Chats;
using Chatbot.Core.Telemetry;
using Chatbot.Tests.Fakes;
using Chatbot.Tests.Fixtures;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Chatbot.Tests.Telemetry;

/// <summary>A model of another provider is traced as Gemini is: one GenAI chat span, named after the provider, with the tokens it reported.</summary>
public sealed class ProviderTracingTests : IAsyncLifetime
{
    private static readonly ActivitySource Tests = new("Chatbot.Tests.Providers");
    private readonly List<Activity> spans = [];
    private FakeOpenAiServer openAi = null!;
    private TracerProvider tracing = null!;

    public async Task InitializeAsync()
    {
        openAi = await FakeOpenAiServer.StartAsync();
        tracing = Sdk.CreateTracerProviderBuilder().AddSource(ChatTelemetry.SourceName, Tests.Name).AddInMemoryExporter(spans).Build()!;
    }

    public async Task DisposeAsync()
    {
        tracing.Dispose();
        await openAi.DisposeAsync();
    }

    [Fact]
    public async Task An_openai_compatible_answer_makes_a_chat_span_naming_its_provider_and_model_with_its_tokens()
    {
        await using var core = await CoreServices.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Models:0:Id"] = "traced-model",
            ["Models:0:Provider"] = "OpenAI",
            ["Models:0:Endpoint"] = openAi.OpenAiEndpoint,
            ["Models:0:ApiKey"] = FakeOpenAiServer.ApiKey,
            ["Chat:DefaultModel"] = "traced-model",
            ["Titles:Enabled"] = "false",
        });
        var user = (await core.RegisterAsync("traced", "t@example.com", "traced-pass")).Id;
        var session = (await core.InScopeAsync<ChatSessionService, ChatSessionDto>(service => service.CreateAsync(user, new SessionSettings("t", null, null), default))).Id;

        ActivityTraceId trace;
        using (var test = Tests.StartActivity("send one message"))
        {
            trace = test!.TraceId;
            await core.InScopeAsync<MessageCommands, MessageDto>(commands => commands.SendAsync(user, session, "hello", streamed: false, default).AnsweredAsync());
        }

        tracing.ForceFlush();

        var chat = Assert.Single(spans, span => span.TraceId == trace && span.Source.Name == ChatTelemetry.SourceName);
        Assert.Equal("chat traced-model", chat.DisplayName);
        Assert.Equal("openai", chat.GetTagItem("gen_ai.provider.name") ?? chat.GetTagItem("gen_ai.system"));
        Assert.Equal(OpenAiReply.PromptTokens, Convert.ToInt32(chat.GetTagItem("gen_ai.usage.input_tokens"), CultureInfo.InvariantCulture));
        Assert.Equal(OpenAiReply.CompletionTokens, Convert.ToInt32(chat.GetTagItem("gen_ai.usage.output_tokens"), CultureInfo.InvariantCulture));
    }
}
