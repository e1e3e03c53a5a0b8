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
/// Gemini's REST API on a real loopback port, speaking its wire format: generateContent and
/// streamGenerateContent?alt=sse, and the Files API's resumable upload. Scripted replies are used in order; when none is left it echoes the prompt.
/// Used in-process by client tests and over HTTP by the worker in end-to-end tests.
/// </summary>
public sealed class FakeGeminiServer : IAsyncDisposable
{
    public const string ApiKey = "fake-gemini-key";

    private static readonly HashSet<string> KnownFields =
        ["contents", "systemInstruction", "generationConfig", "safetySettings", "tools", "toolConfig", "cachedContent"];

    private readonly WebApplication app;
    private readonly ConcurrentQueue<GeminiReply> script = new();
    private readonly ConcurrentQueue<RecordedGeminiRequest> requests = new();
    private readonly ConcurrentDictionary<string, (string MimeType, long Length, string DisplayName)> pendingUploads = new();
    private readonly ConcurrentDictionary<string, FakeGeminiFile> files = new();

    private int chunksSent;
    private int modelLookups;

    private FakeGeminiServer(WebApplication app) => this.app = app;

    /// <summary>How many streamed chunks have been flushed to callers so far.</summary>
    public int ChunksSent => Volatile.Read(ref chunksSent);

    /// <summary>How many times a model's metadata was asked for.</summary>
    public int ModelLookups => Volatile.Read(ref modelLookups);

    /// <summary>The <c>inputTokenLimit</c> every model reports; null makes models unknown (404), as a wrong name would.</summary>
    public int? InputTokenLimit { get; set; } = 1_048_576;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyCollection<RecordedGeminiRequest> Requests => requests;

    /// <summary>Every file uploaded through the Files API, by its uri.</summary>
    public IReadOnlyDictionary<string, FakeGeminiFile> Files => files;

    /// <summary>What to answer when nothing is scripted; by default "echo: " and the last user text.</summary>
    public Func<RecordedGeminiRequest, GeminiReply> Default { get; set; } = request => GeminiReply.Text($"echo: {request.LastUserText}");

    public static async Task<FakeGeminiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeGeminiServer(app);
        app.MapPost("/v1beta/models/{**call}", fake.HandleAsync);
        app.MapGet("/v1beta/models/{model}", fake.DescribeModelAsync);
        app.MapPost("/upload/v1beta/files", fake.UploadFileAsync);
        app.MapGet("/v1beta/files/{id}", fake.DescribeFileAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address);
        return fake;
    }

    public void Enqueue(params GeminiReply[] replies)
    {
        foreach (var reply in replies)
        {
            script.Enqueue(reply);
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task HandleAsync(HttpContext context, string call)
    {
        var separator = call.LastIndexOf(':');
        var model = separator > 0 ? call[..separator] : call;
        var method = separator > 0 ? call[(separator + 1)..] : "";
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        var key = context.Request.Headers["x-goog-api-key"].ToString();

        if (key != ApiKey)
        {
            await GeminiReply.Error(400, "INVALID_ARGUMENT", reason: "API_KEY_INVALID").WriteAsync(context, Record(model, method, context, key, body, []));
            return;
        }

        using var json = JsonDocument.Parse(body);
        if (method == "countTokens")
        {
            await CountTokensAsync(context, Record(model, method, context, key, body, []), json.RootElement);
            return;
        }

        if (json.RootElement.EnumerateObject().Any(field => !KnownFields.Contains(field.Name)))
        {
            await GeminiReply.Error(400, "INVALID_ARGUMENT").WriteAsync(context, Record(model, method, context, key, body, []));
            return;
        }

        var contents = json.RootElement.TryGetProperty("contents", out var list)
            ? list.EnumerateArray().Select(content => (content.GetProperty("role").GetString() ?? "", TextOf(content))).ToList()
            : [];
        var request = Record(model, method, context, key, body, contents,
            json.RootElement.TryGetProperty("systemInstruction", out var system) ? TextOf(system) : null) with
        { Parts = PartsOf(json.RootElement) };
        requests.Enqueue(request);
        var reply = script.TryDequeue(out var scripted) ? scripted : Default(request);
        context.Items[GeminiReply.ChunkSentKey] = (Action)(() => Interlocked.Increment(ref chunksSent));
        await reply.WriteAsync(context, request);
    }

    /// <summary>
    /// The Files API's resumable upload: a <c>start</c> (the size, type and display name) answered with the header
    /// <c>X-Goog-Upload-URL</c>, then one <c>upload, finalize</c> of every byte at offset 0, answered with the file. A
    /// PDF is <c>PROCESSING</c> at first, as Google's are; asking for it again finds it <c>ACTIVE</c>.
    /// </summary>
    private async Task UploadFileAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers["x-goog-api-key"] != ApiKey)
        {
            context.Response.StatusCode = 403;
            return;
        }

        if (context.Request.Query["upload_id"].ToString() is { Length: > 0 } uploadId)
        {
            using var bytes = new MemoryStream();
            await context.Request.Body.CopyToAsync(bytes, context.RequestAborted);
            if (headers["X-Goog-Upload-Command"] != "upload, finalize" || headers["X-Goog-Upload-Offset"] != "0"
                || !pendingUploads.TryRemove(uploadId, out var pending) || pending.Length != bytes.Length)
            {
                await GeminiReply.Error(400, "INVALID_ARGUMENT").WriteAsync(context, Record("", "upload", context, ApiKey, "", []));
                return;
            }

            var name = $"files/{uploadId}";
            var file = new FakeGeminiFile(name, $"{BaseUrl}v1beta/{name}", pending.MimeType, pending.DisplayName, bytes.ToArray());
            files[file.Uri] = file;
            await context.Response.WriteAsJsonAsync(new { file = Describe(file, pending.MimeType == "application/pdf" ? "PROCESSING" : "ACTIVE") });
            return;
        }

        using var start = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        if (headers["X-Goog-Upload-Protocol"] != "resumable" || headers["X-Goog-Upload-Command"] != "start"
            || !long.TryParse(headers["X-Goog-Upload-Header-Content-Length"], out var length)
            || headers["X-Goog-Upload-Header-Content-Type"].ToString() is not { Length: > 0 } mimeType)
        {
            await GeminiReply.Error(400, "INVALID_ARGUMENT").WriteAsync(context, Record("", "upload", context, ApiKey, "", []));
            return;
        }

        var id = Guid.NewGuid().ToString("N")[..12];
        var displayName = start.RootElement.GetProperty("file").GetProperty("display_name").GetString() ?? "";
        pendingUploads[id] = (mimeType, length, displayName);
        context.Response.Headers["X-Goog-Upload-URL"] = $"{BaseUrl}upload/v1beta/files?upload_id={id}";
        context.Response.Headers["X-Goog-Upload-Status"] = "active";
    }

    private async Task DescribeFileAsync(HttpContext context, string id)
    {
        if (files.Values.FirstOrDefault(file => file.Name == $"files/{id}") is not { } found || context.Request.Headers["x-goog-api-key"] != ApiKey)
        {
            await GeminiReply.Error(404, "NOT_FOUND").WriteAsync(context, Record("", "files.get", context, "", "", []));
            return;
        }

        await context.Response.WriteAsJsonAsync(Describe(found, "ACTIVE"));
    }

    private static object Describe(FakeGeminiFile file, string state) => new
    {
        name = file.Name,
        displayName = file.DisplayName,
        mimeType = file.MimeType,
        sizeBytes = file.Bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
        createTime = DateTimeOffset.UtcNow,
        expirationTime = DateTimeOffset.UtcNow.AddHours(48),
        uri = file.Uri,
        state,
    };

    /// <summary><c>GET /v1beta/models/{model}</c>: Google's model resource, with the limits that matter here.</summary>
    private async Task DescribeModelAsync(HttpContext context, string model)
    {
        Interlocked.Increment(ref modelLookups);
        if (context.Request.Headers["x-goog-api-key"] != ApiKey || InputTokenLimit is not { } limit)
        {
            await GeminiReply.Error(404, "NOT_FOUND").WriteAsync(context, Record(model, "get", context, "", "", []));
            return;
        }

        await context.Response.WriteAsJsonAsync(new
        {
            name = $"models/{model}",
            version = "001",
            displayName = model,
            inputTokenLimit = limit,
            outputTokenLimit = 65_536,
            supportedGenerationMethods = new[] { "generateContent", "countTokens" },
        });
    }

    /// <summary>
    /// countTokens given a whole request (<c>generateContentRequest</c>, whose <c>model</c> Google requires): every
    /// four characters of text count as a token, a rule simple enough for tests to predict.
    /// </summary>
    private async Task CountTokensAsync(HttpContext context, RecordedGeminiRequest request, JsonElement body)
    {
        if (!body.TryGetProperty("generateContentRequest", out var whole) || !whole.TryGetProperty("model", out var model)
            || model.GetString() != $"models/{request.Model}")
        {
            await GeminiReply.Error(400, "INVALID_ARGUMENT").WriteAsync(context, request);
            return;
        }

        var texts = whole.GetProperty("contents").EnumerateArray().Select(TextOf).ToList();
        if (whole.TryGetProperty("systemInstruction", out var system))
        {
            texts.Add(TextOf(system));
        }

        requests.Enqueue(request with { Contents = texts.Select(text => ("user", text)).ToList() });
        await context.Response.WriteAsJsonAsync(new { totalTokens = texts.Sum(text => (text.Length + 3) / 4) });
    }

    private static RecordedGeminiRequest Record(
        string model, string method, HttpContext context, string key, string body,
        List<(string, string)> contents, string? system = null)
        => new(model, method, context.Request.QueryString.Value ?? "", key, contents, system, body);

    private static List<RecordedGeminiPart> PartsOf(JsonElement request)
    {
        var parts = new List<RecordedGeminiPart>();
        if (!request.TryGetProperty("contents", out var contents))
        {
            return parts;
        }

        foreach (var content in contents.EnumerateArray())
        {
            var role = content.GetProperty("role").GetString() ?? "";
            foreach (var part in content.GetProperty("parts").EnumerateArray())
            {
                if (part.TryGetProperty("inlineData", out var inline))
                {
                    parts.Add(new RecordedGeminiPart(role, null, inline.GetProperty("mimeType").GetString(),
                        Convert.FromBase64String(inline.GetProperty("data").GetString() ?? ""), null));
                }
                else if (part.TryGetProperty("fileData", out var file))
                {
                    parts.Add(new RecordedGeminiPart(role, null, file.GetProperty("mimeType").GetString(), null, file.GetProperty("fileUri").GetString()));
                }
                else
                {
                    parts.Add(new RecordedGeminiPart(role, part.TryGetProperty("text", out var text) ? text.GetString() : null, null, null, null));
                }
            }
        }

        return parts;
    }

    private static string TextOf(JsonElement content)
        => string.Concat(content.GetProperty("parts").EnumerateArray().Select(part => part.TryGetProperty("text", out var text) ? text.GetString() : ""));
}
