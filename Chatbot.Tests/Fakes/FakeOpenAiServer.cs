using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chatbot.Tests.Fakes;

/// <summary>
/// An OpenAI-compatible server on a real loopback port, speaking Chat Completions as OpenAI (and Ollama, vLLM …) do:
/// <c>POST /v1/chat/completions</c> with <c>Authorization: Bearer</c>, and Azure OpenAI's
/// <c>POST /openai/deployments/{deployment}/chat/completions?api-version=…</c> with <c>api-key</c>. JSON or SSE
/// (<c>data: [DONE]</c> at the end, a usage chunk when asked), OpenAI's error bodies. Scripted replies are used in
/// order; when none is left it echoes the prompt.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    public const string ApiKey = "fake-openai-key";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<OpenAiReply> script = new();
    private readonly ConcurrentQueue<RecordedOpenAiRequest> requests = new();
    private int chunksSent;

    private FakeOpenAiServer(WebApplication app) => this.app = app;

    /// <summary>The server's root; OpenAI's SDK is given <c>{BaseUrl}v1</c>, Azure's the root itself.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>What an OpenAI provider's <c>Endpoint</c> is set to.</summary>
    public string OpenAiEndpoint => new Uri(BaseUrl, "v1").ToString();

    public IReadOnlyCollection<RecordedOpenAiRequest> Requests => requests;

    /// <summary>The key every call must carry, else 401; null accepts any, as Ollama and most local servers do.</summary>
    public string? RequiredKey { get; set; } = ApiKey;

    /// <summary>How many streamed text chunks have been flushed to callers so far.</summary>
    public int ChunksSent => Volatile.Read(ref chunksSent);

    /// <summary>What to answer when nothing is scripted; by default "echo: " and the last user text.</summary>
    public Func<RecordedOpenAiRequest, OpenAiReply> Default { get; set; } = request => OpenAiReply.Text($"echo: {request.LastUserText}");

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeOpenAiServer(app);
        app.MapPost("/v1/chat/completions", context => fake.HandleAsync(context, deployment: null));
        app.MapPost("/openai/deployments/{deployment}/chat/completions", (HttpContext context, string deployment) => fake.HandleAsync(context, deployment));
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    public void Enqueue(params OpenAiReply[] replies)
    {
        foreach (var reply in replies)
        {
            script.Enqueue(reply);
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task HandleAsync(HttpContext context, string? deployment)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        var azure = deployment is not null;
        var key = azure
            ? context.Request.Headers["api-key"].ToString()
            : context.Request.Headers.Authorization.ToString() is var bearer && bearer.StartsWith("Bearer ", StringComparison.Ordinal) ? bearer["Bearer ".Length..] : "";
        var query = context.Request.QueryString.Value ?? "";

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var request = new RecordedOpenAiRequest(
            context.Request.Path.Value ?? "",
            query,
            deployment ?? (root.TryGetProperty("model", out var model) ? model.GetString() ?? "" : ""),
            key,
            root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True,
            root.TryGetProperty("stream_options", out var options) && options.TryGetProperty("include_usage", out var usage) && usage.ValueKind == JsonValueKind.True,
            root.TryGetProperty("messages", out var messages)
                ? messages.EnumerateArray().Select(message => (message.GetProperty("role").GetString() ?? "", TextOf(message))).ToList()
                : [],
            body);
        requests.Enqueue(request);

        if (RequiredKey is not null && key != RequiredKey)
        {
            await OpenAiReply.Error(401, "authentication_error", "invalid_api_key").WriteAsync(context, request, () => { });
            return;
        }

        if ((azure && !query.Contains("api-version=", StringComparison.Ordinal)) || (!azure && request.Model.Length == 0))
        {
            await OpenAiReply.Error(400, "invalid_request_error", azure ? "missing_api_version" : "missing_model").WriteAsync(context, request, () => { });
            return;
        }

        var reply = script.TryDequeue(out var scripted) ? scripted : Default(request);
        await reply.WriteAsync(context, request, () => Interlocked.Increment(ref chunksSent));
    }

    /// <summary>A message's <c>content</c>: a string, or an array of parts whose text parts are joined.</summary>
    private static string TextOf(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return "";
        }

        return content.ValueKind == JsonValueKind.String
            ? content.GetString() ?? ""
            : content.ValueKind == JsonValueKind.Array
                ? string.Concat(content.EnumerateArray().Select(part => part.TryGetProperty("text", out var text) ? text.GetString() : ""))
                : "";
    }
}
