using System.Net;
using Chatbot.Core.Attachments;
using Chatbot.Core.Data;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// Where attachments' bytes go: with the session whose messages carried them, with the account, and, for an upload no
/// message took, with the sweep once it is older than the unreferenced lifetime. The test counts the stored files.
/// </summary>
public sealed class AttachmentCleanupEndToEndTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Theory]
    [MemberData(nameof(AttachmentStores.All), MemberType = typeof(AttachmentStores))]
    public async Task Deleting_a_session_or_the_account_deletes_the_bytes_and_uploads_no_message_took_are_swept(DatabaseProvider provider, AttachmentStoreKind store)
    {
        var app = new ChatbotApp(provider, AttachmentStores.With(store, new Dictionary<string, string?>
        {
            ["Attachments__UnreferencedLifetime"] = "00:00:05",
            ["Attachments__SweepInterval"] = "00:00:01",
        }));
        try
        {
            await app.InitializeAsync();
            var (access, _) = await app.Api.NewUserAsync("cleanupuser");
            var (first, second) = (await app.Api.NewSessionAsync(access), await app.Api.NewSessionAsync(access));
            // Each sent at once, before the sweep could take it.
            var image = (await AttachmentApi.UploadOkAsync(app.Http, access, AttachmentApi.Png, "dot.png")).GetProperty("id").GetInt64();
            await SendAsync(app, access, first, image);
            var pdf = (await AttachmentApi.UploadOkAsync(app.Http, access, AttachmentApi.Pdf, "doc.pdf")).GetProperty("id").GetInt64();
            await SendAsync(app, access, second, pdf);
            var unused = (await AttachmentApi.UploadOkAsync(app.Http, access, "never sent"u8.ToArray(), "unused.txt")).GetProperty("id").GetInt64();
            Assert.Equal(3, AttachmentApi.StoredFiles(app));

            // Only the upload no message took is swept; the others outlive the lifetime while messages refer to them.
            await WaitUntilAsync(() => AttachmentApi.StoredFiles(app) == 2);
            Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(app, access, $"/attachments/{unused}/"));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(app, access, $"/attachments/{image}/"));

            using var deleted = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Delete, $"/chatsessions/{first}/", access));
            Assert.True(deleted.StatusCode == HttpStatusCode.NoContent, $"{await deleted.Content.ReadAsStringAsync()}\n{app.Host.Output}");
            Assert.Equal(1, AttachmentApi.StoredFiles(app));
            Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(app, access, $"/attachments/{image}/"));

            using var gone = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Delete, "/me/", access, new { current_password = "testpass" }));
            Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
            Assert.Equal(0, AttachmentApi.StoredFiles(app));
            Assert.Equal(0, await app.Database.ReadAsync(db => Task.FromResult(db.Attachments.Count())));
        }
        finally
        {
            await app.DisposeAsync();
            await app.Database.DropAsync();
        }
    }

    private static async Task SendAsync(ChatbotApp app, string access, long session, long attachment)
    {
        using var response = await app.Http.SendAsync(ApiClient.Request(
            HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt = "look", attachments = new[] { attachment } }));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpStatusCode> StatusAsync(ChatbotApp app, string access, string path)
    {
        using var response = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, path, access));
        return response.StatusCode;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Within;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the sweep did not come in time");
            await Task.Delay(200);
        }
    }
}
