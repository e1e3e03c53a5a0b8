using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Chatbot.Tests.EndToEnd;

/// <summary>Uploading and reading attachments over HTTP, and the sample files the tests attach.</summary>
internal static class AttachmentApi
{
    /// <summary>A 1×1 PNG, as a camera or a screenshot tool would write it.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>The start of a PDF: the signature is what counts.</summary>
    public static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    public static async Task<HttpResponseMessage> UploadAsync(
        HttpClient http, string access, byte[] bytes, string fileName, string claimedType = "application/octet-stream")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(claimedType);
        var form = new MultipartFormDataContent { { file, "file", fileName } };
        var request = ApiClient.Request(HttpMethod.Post, "/attachments/", access);
        request.Content = form;
        return await http.SendAsync(request);
    }

    /// <summary>Uploads and expects 201; returns the attachment's JSON.</summary>
    public static async Task<JsonElement> UploadOkAsync(HttpClient http, string access, byte[] bytes, string fileName)
    {
        using var response = await UploadAsync(http, access, bytes, fileName);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A multipart body written by hand, for the shapes no client library would send.</summary>
    public static HttpRequestMessage RawMultipart(string access, string body, string boundary = "XyZ")
    {
        var request = ApiClient.Request(HttpMethod.Post, "/attachments/", access);
        request.Content = new StringContent(body.ReplaceLineEndings("\r\n"));
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return request;
    }

    /// <summary>How many attachments' bytes the app's store holds (files or blobs).</summary>
    public static int StoredFiles(ChatbotApp app) => Fixtures.AttachmentStores.Count(app.Settings, app.DataDirectory);
}
