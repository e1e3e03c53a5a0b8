using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Chatbot.Core.Errors;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Gemini;

/// <summary>
/// Gemini's Files API, for files too large to send inline: the resumable upload (start, then upload and finalize in
/// one request), then a wait while Gemini processes the file. A file lives 48 hours; its uri stands in a
/// <c>fileData</c> part until then.
/// </summary>
public sealed class GeminiFiles(IHttpClientFactory httpClients, IOptions<GeminiOptions> options, TimeProvider time)
{
    private const int ProcessingPolls = 30;
    private static readonly TimeSpan ProcessingPoll = TimeSpan.FromSeconds(1);

    /// <summary>Files live this long on Google's side when the answer does not say.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(48);

    /// <summary>Streams <paramref name="content"/> (<paramref name="size"/> bytes) to Gemini; returns its uri and expiry.</summary>
    public async Task<(string Uri, DateTime ExpiresAt)> UploadAsync(
        Stream content, long size, string mimeType, string displayName, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            throw new ProblemException(ProblemKind.Unavailable, "gemini_not_configured",
                "The Gemini API key is missing: set Gemini__ApiKey (or GEMINI_API_KEY) and restart.");
        }

        // One client without retries: a stream cannot be sent twice.
        var http = httpClients.CreateClient(GeminiChatClient.StreamingHttpClientName);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.StreamTimeout);

        using var start = Request(settings, HttpMethod.Post, $"{settings.BaseUrl.TrimEnd('/')}/upload/v1beta/files");
        start.Headers.Add("X-Goog-Upload-Protocol", "resumable");
        start.Headers.Add("X-Goog-Upload-Command", "start");
        start.Headers.Add("X-Goog-Upload-Header-Content-Length", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Headers.Add("X-Goog-Upload-Header-Content-Type", mimeType);
        start.Content = GeminiRequest.Json(new FileUploadStart(new FileMetadata(displayName)), GeminiFilesJsonContext.Default.FileUploadStart);
        using var started = await http.SendAsync(start, deadline.Token);
        EnsureSuccess(started);
        var uploadUrl = started.Headers.TryGetValues("X-Goog-Upload-URL", out var urls) ? urls.FirstOrDefault() : null;
        if (string.IsNullOrEmpty(uploadUrl))
        {
            throw Failed("no upload URL");
        }

        using var upload = Request(settings, HttpMethod.Post, uploadUrl);
        upload.Headers.Add("X-Goog-Upload-Command", "upload, finalize");
        upload.Headers.Add("X-Goog-Upload-Offset", "0");
        upload.Content = new StreamContent(content);
        upload.Content.Headers.ContentLength = size;
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue(mimeType);
        using var uploaded = await http.SendAsync(upload, deadline.Token);
        EnsureSuccess(uploaded);
        var file = (await uploaded.Content.ReadFromJsonAsync(GeminiFilesJsonContext.Default.FileEnvelope, deadline.Token))?.File
            ?? throw Failed("no file in the answer");

        for (var poll = 0; file.State == "PROCESSING" && poll < ProcessingPolls; poll++)
        {
            await Task.Delay(ProcessingPoll, time, deadline.Token);
            using var get = Request(settings, HttpMethod.Get, $"{settings.BaseUrl.TrimEnd('/')}/v1beta/{file.Name}");
            using var got = await http.SendAsync(get, deadline.Token);
            EnsureSuccess(got);
            file = await got.Content.ReadFromJsonAsync(GeminiFilesJsonContext.Default.GeminiFile, deadline.Token) ?? file;
        }

        if (file.State is not (null or "ACTIVE") || string.IsNullOrEmpty(file.Uri))
        {
            throw Failed($"the file is {file.State}");
        }

        var expires = file.ExpirationTime?.UtcDateTime ?? time.GetUtcNow().UtcDateTime + Lifetime;
        return (file.Uri, expires);
    }

    private static HttpRequestMessage Request(GeminiOptions settings, HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("x-goog-api-key", settings.ApiKey);
        return request;
    }

    private static void EnsureSuccess(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw Failed($"HTTP {(int)response.StatusCode}");
        }
    }

    private static ProblemException Failed(string reason) => new(ProblemKind.BadGateway, "gemini_file_upload_failed",
        $"Gemini did not take an attachment through its Files API ({reason}); nothing was sent. Try again later.");
}

internal sealed record FileUploadStart(FileMetadata File);

internal sealed record FileMetadata([property: JsonPropertyName("display_name")] string DisplayName);

internal sealed record FileEnvelope(GeminiFile? File);

internal sealed record GeminiFile(string? Name, string? Uri, string? MimeType, string? State, DateTimeOffset? ExpirationTime);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FileUploadStart))]
[JsonSerializable(typeof(FileEnvelope))]
[JsonSerializable(typeof(GeminiFile))]
internal sealed partial class GeminiFilesJsonContext : JsonSerializerContext;
