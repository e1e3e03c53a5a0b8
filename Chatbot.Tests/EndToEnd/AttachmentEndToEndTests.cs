using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chatbot.Core.Attachments;
using Chatbot.Core.Data;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// <c>/attachments/</c> over HTTP through the local host and the real worker: types read from the bytes, limits that
/// leave nothing behind, safe downloads, and another user's ids that do not exist.
/// </summary>
public sealed class AttachmentEndToEndTests
{
    private static readonly Dictionary<string, string?> SmallLimits = new()
    {
        ["Attachments__MaxBytes"] = "4096",
        ["Attachments__UserStorageBytes"] = "8000",
    };

    [Theory]
    [MemberData(nameof(AttachmentStores.All), MemberType = typeof(AttachmentStores))]
    public async Task Uploads_are_typed_by_their_bytes_served_safely_and_refused_ones_leave_nothing(DatabaseProvider provider, AttachmentStoreKind store)
    {
        var app = new ChatbotApp(provider, AttachmentStores.With(store, SmallLimits));
        try
        {
            await app.InitializeAsync();
            var (access, _) = await app.Api.NewUserAsync();

            // A PNG named and labelled as a PDF is still a PNG.
            using var png = await AttachmentApi.UploadAsync(app.Http, access, AttachmentApi.Png, "photo.pdf", "application/pdf");
            Assert.True(png.StatusCode == HttpStatusCode.Created, await png.Content.ReadAsStringAsync());
            var image = await png.Content.ReadFromJsonAsync<JsonElement>();
            var imageId = image.GetProperty("id").GetInt64();
            Assert.Equal(("photo.pdf", "image/png", AttachmentApi.Png.Length, Convert.ToHexStringLower(SHA256.HashData(AttachmentApi.Png))),
                (image.GetProperty("name").GetString(), image.GetProperty("content_type").GetString(),
                 image.GetProperty("size").GetInt32(), image.GetProperty("sha256").GetString()));
            Assert.Equal(image.GetRawText(), (await app.Api.GetJsonAsync(access, $"/attachments/{imageId}/")).GetRawText());

            using var content = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/attachments/{imageId}/content/", access));
            Assert.Equal(AttachmentApi.Png, await content.Content.ReadAsByteArrayAsync());
            Assert.Equal("image/png", content.Content.Headers.ContentType!.MediaType);
            Assert.Equal("nosniff", content.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("sandbox", content.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("inline", content.Content.Headers.ContentDisposition!.DispositionType);
            var etag = content.Headers.ETag!;
            var again = ApiClient.Request(HttpMethod.Get, $"/attachments/{imageId}/content/", access);
            again.Headers.IfNoneMatch.Add(etag);
            using var notModified = await app.Http.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

            // Text is valid UTF-8 without NULs; it downloads as a file, its name encoded as RFC 6266 says.
            var text = await AttachmentApi.UploadOkAsync(app.Http, access, Encoding.UTF8.GetBytes("# Notes ☃\nline two\n"), "notes ☃.md");
            Assert.Equal("text/plain", text.GetProperty("content_type").GetString());
            using var download = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/attachments/{text.GetProperty("id")}/content/", access));
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal("notes ☃.md", download.Content.Headers.ContentDisposition.FileNameStar);
            Assert.Equal("utf-8", download.Content.Headers.ContentType!.CharSet);
            Assert.Equal(2, AttachmentApi.StoredFiles(app));

            // Refused: markup, a binary of no accepted type, text with a NUL, an empty file, too large, over the quota.
            byte[][] unsupported = [Encoding.UTF8.GetBytes("<!DOCTYPE html><script>alert(1)</script>"),
                Encoding.UTF8.GetBytes("  <svg xmlns=\"http://www.w3.org/2000/svg\"/>"), [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3],
                Encoding.UTF8.GetBytes("text\0with a NUL"), [0xC3, 0x28, 0x41, 0x42], []];
            foreach (var bytes in unsupported)
            {
                await AssertRefusedAsync(await AttachmentApi.UploadAsync(app.Http, access, bytes, "file.txt", "text/plain"), 415, "unsupported_attachment");
            }

            await AssertRefusedAsync(await AttachmentApi.UploadAsync(app.Http, access, Encoding.UTF8.GetBytes(new string('a', 4097)), "big.txt"),
                413, "attachment_too_large");
            var filler = await AttachmentApi.UploadOkAsync(app.Http, access, Encoding.UTF8.GetBytes(new string('b', 4000)), "filler.txt");
            await AssertRefusedAsync(await AttachmentApi.UploadAsync(app.Http, access, Encoding.UTF8.GetBytes(new string('c', 4000)), "over.txt"),
                413, "storage_quota_exceeded");
            Assert.Equal(3, AttachmentApi.StoredFiles(app));

            // Malformed bodies: not multipart, a multipart cut short, a part without a name, no file part.
            var notMultipart = ApiClient.Request(HttpMethod.Post, "/attachments/", access, new { file = "x" });
            await AssertRefusedAsync(await app.Http.SendAsync(notMultipart), 415, "unsupported_media_type");
            await AssertRefusedAsync(await app.Http.SendAsync(AttachmentApi.RawMultipart(access,
                "--XyZ\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.txt\"\n\nthe file goes on and on")), 400, "invalid_multipart");
            await AssertRefusedAsync(await app.Http.SendAsync(AttachmentApi.RawMultipart(access,
                "--XyZ\nContent-Disposition: form-data; filename=\"a.txt\"\n\nhello\n--XyZ--\n")), 400, "invalid_multipart");
            await AssertRefusedAsync(await app.Http.SendAsync(AttachmentApi.RawMultipart(access,
                "--XyZ\nContent-Disposition: form-data; name=\"other\"\n\nhello\n--XyZ--\n")), 400, "validation_failed");
            Assert.Equal(3, AttachmentApi.StoredFiles(app));

            // Another user's attachment does not exist for them, on every route.
            var (mallory, _) = await app.Api.NewUserAsync();
            foreach (var (method, path) in new[] { (HttpMethod.Get, $"/attachments/{imageId}/"), (HttpMethod.Get, $"/attachments/{imageId}/content/"),
                (HttpMethod.Delete, $"/attachments/{imageId}/") })
            {
                await AssertRefusedAsync(await app.Http.SendAsync(ApiClient.Request(method, path, mallory)), 404, "not_found");
            }

            // Deleting an unreferenced upload deletes its bytes.
            using var deleted = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Delete, $"/attachments/{filler.GetProperty("id")}/", access));
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.Equal(2, AttachmentApi.StoredFiles(app));
            await AssertRefusedAsync(await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/attachments/{filler.GetProperty("id")}/", access)),
                404, "not_found");
        }
        finally
        {
            await app.DisposeAsync();
            await app.Database.DropAsync();
        }
    }

    internal static async Task AssertRefusedAsync(HttpResponseMessage response, int status, string code)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"expected {status} {code}, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        }
    }
}
