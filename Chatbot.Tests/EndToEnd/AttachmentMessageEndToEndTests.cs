using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chatbot.Core.Attachments;
using Chatbot.Core.Data;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// Messages with attachments over HTTP: what the fake Gemini receives (the exact bytes inline, or a file of its Files
/// API uploaded once), how messages show their files, and the refusals.
/// </summary>
public sealed class AttachmentMessageEndToEndTests
{
    private const string TextOnlyModel = "text-only";

    /// <summary>A PDF of 3000 bytes: its base64 does not fit the inline budget below, so it goes through the Files API.</summary>
    private static readonly byte[] LargePdf = [.. AttachmentApi.Pdf, .. Encoding.ASCII.GetBytes(new string('%', 3000 - AttachmentApi.Pdf.Length))];

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Attachments__InlineRequestBytes"] = "2000",
        ["Attachments__MaxPerMessage"] = "3",
        // A model that reads no images; never called, since its refusal comes first.
        ["Gemini__AllowedModels__0"] = "gemini-2.5-flash",
        ["Models__0__Id"] = TextOnlyModel,
        ["Models__0__Provider"] = "OpenAI",
        ["Models__0__Endpoint"] = "http://127.0.0.1:9/v1",
        ["Models__0__ApiKey"] = "unused",
    };

    [Theory]
    [MemberData(nameof(AttachmentStores.All), MemberType = typeof(AttachmentStores))]
    public async Task Gemini_gets_each_file_as_a_part_of_its_turn_and_messages_show_them(DatabaseProvider provider, AttachmentStoreKind store)
    {
        var app = new ChatbotApp(provider, AttachmentStores.With(store, Settings));
        try
        {
            await app.InitializeAsync();
            var (access, _) = await app.Api.NewUserAsync();
            var session = await app.Api.NewSessionAsync(access);
            var png = (await AttachmentApi.UploadOkAsync(app.Http, access, AttachmentApi.Png, "dot.png")).GetProperty("id").GetInt64();
            var pdf = (await AttachmentApi.UploadOkAsync(app.Http, access, LargePdf, "report.pdf")).GetProperty("id").GetInt64();
            var notes = (await AttachmentApi.UploadOkAsync(app.Http, access, "alpha, beta\n"u8.ToArray(), "notes.csv")).GetProperty("id").GetInt64();

            var first = await SendAsync(app, access, session, new { prompt = "What is in these files?", attachments = new[] { png, pdf, notes } });
            Assert.Equal(
                [(png, "dot.png", "image/png", AttachmentApi.Png.Length), (pdf, "report.pdf", "application/pdf", LargePdf.Length),
                 (notes, "notes.csv", "text/plain", 12)],
                Summaries(first));

            // Inline: the exact bytes and the detected type. Beyond the budget: a file of the Files API, then its uri.
            var asked = app.Gemini.Requests.Last(request => request.Method == "generateContent").Parts;
            Assert.Equal(4, asked.Count);
            Assert.All(asked, part => Assert.Equal("user", part.Role));
            Assert.Equal("image/png", asked[0].MimeType);
            Assert.Equal(AttachmentApi.Png, asked[0].InlineBytes);
            var uploaded = Assert.Single(app.Gemini.Files.Values);
            Assert.Equal(("application/pdf", "report.pdf"), (uploaded.MimeType, uploaded.DisplayName));
            Assert.Equal(LargePdf, uploaded.Bytes);
            Assert.Equal(("application/pdf", uploaded.Uri), (asked[1].MimeType, asked[1].FileUri));
            Assert.Equal("File notes.csv:\nalpha, beta\n", asked[2].Text);
            Assert.Equal("What is in these files?", asked[3].Text);

            // The next turn keeps the earlier files in its history; the PDF is not uploaded again.
            var second = await SendAsync(app, access, session, new { prompt = "And the second page?" });
            Assert.Empty(Summaries(second));
            var history = app.Gemini.Requests.Last(request => request.Method == "generateContent").Parts;
            Assert.Equal(["user", "user", "user", "user", "model", "user"], history.Select(part => part.Role));
            Assert.Equal(AttachmentApi.Png, history[0].InlineBytes);
            Assert.Equal(uploaded.Uri, history[1].FileUri);
            Assert.Single(app.Gemini.Files);

            // Lists, search hits: every message carries its files ([] when none).
            var listed = await app.Api.GetJsonAsync(access, $"/chatsessions/{session}/messages/");
            Assert.Equal([3, 0], listed.EnumerateArray().Select(message => message.GetProperty("attachments").GetArrayLength()));
            var hit = Assert.Single((await app.Api.GetJsonAsync(access, "/search/?q=files")).EnumerateArray());
            Assert.Equal(3, hit.GetProperty("attachments").GetArrayLength());
            // An export lists each file with its digest, so a copy kept elsewhere can be matched to it.
            var exported = await app.Api.GetJsonAsync(access, $"/chatsessions/{session}/export/?format=json");
            var exportedPng = exported.GetProperty("messages")[0].GetProperty("attachments")[0];
            Assert.Equal(
                ("dot.png", "image/png", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(AttachmentApi.Png))),
                (exportedPng.GetProperty("name").GetString(), exportedPng.GetProperty("content_type").GetString(), exportedPng.GetProperty("sha256").GetString()));

            // An edit may carry only files; a streamed send shows them in its first event.
            using var edited = await app.Http.SendAsync(ApiClient.Request(
                HttpMethod.Patch, $"/chatsessions/{session}/messages/{second.GetProperty("id")}/", access, new { prompt = "", attachments = new[] { notes } }));
            Assert.Equal(HttpStatusCode.Created, edited.StatusCode);
            Assert.Equal([(notes, "notes.csv", "text/plain", 12)], Summaries(await edited.Content.ReadFromJsonAsync<JsonElement>()));
            var streamed = ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt = "stream", attachments = new[] { notes } });
            streamed.Headers.Accept.ParseAdd("text/event-stream");
            using var events = await app.Http.SendAsync(streamed);
            Assert.Contains("\"attachments\":[{\"id\":" + notes, await events.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // In use: the upload stays while a message refers to it.
            await AttachmentEndToEndTests.AssertRefusedAsync(
                await app.Http.SendAsync(ApiClient.Request(HttpMethod.Delete, $"/attachments/{png}/", access)), 409, "attachment_in_use");
        }
        finally
        {
            await app.DisposeAsync();
            await app.Database.DropAsync();
        }
    }

    [Fact]
    public async Task Too_many_files_another_users_file_and_a_model_that_cannot_see_are_refused_and_nothing_is_stored()
    {
        var app = new ChatbotApp(DatabaseProvider.Sqlite, Settings);
        try
        {
            await app.InitializeAsync();
            var (access, _) = await app.Api.NewUserAsync();
            var (other, _) = await app.Api.NewUserAsync();
            var session = await app.Api.NewSessionAsync(access);
            var png = (await AttachmentApi.UploadOkAsync(app.Http, access, AttachmentApi.Png, "dot.png")).GetProperty("id").GetInt64();
            var theirs = (await AttachmentApi.UploadOkAsync(app.Http, other, AttachmentApi.Png, "theirs.png")).GetProperty("id").GetInt64();
            var path = $"/chatsessions/{session}/messages/";

            await AttachmentEndToEndTests.AssertRefusedAsync(await app.Http.SendAsync(ApiClient.Request(
                HttpMethod.Post, path, access, new { prompt = "x", attachments = new[] { png, png, png, png } })), 400, "too_many_attachments");
            await AttachmentEndToEndTests.AssertRefusedAsync(await app.Http.SendAsync(ApiClient.Request(
                HttpMethod.Post, path, access, new { prompt = "x", attachments = new[] { theirs } })), 404, "not_found");
            await AttachmentEndToEndTests.AssertRefusedAsync(await app.Http.SendAsync(ApiClient.Request(
                HttpMethod.Post, path, access, new { prompt = "", attachments = Array.Empty<long>() })), 400, "validation_failed");
            await AttachmentEndToEndTests.AssertRefusedAsync(await app.Http.SendAsync(ApiClient.Request(
                HttpMethod.Post, path, access, new { prompt = "x", attachments = new[] { "one" } })), 400, "validation_failed");

            using var blind = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/chatsessions/", access, new { model = TextOnlyModel }));
            var blindSession = (await blind.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            await AttachmentEndToEndTests.AssertRefusedAsync(await app.Http.SendAsync(ApiClient.Request(
                HttpMethod.Post, $"/chatsessions/{blindSession}/messages/", access, new { prompt = "look", attachments = new[] { png } })),
                422, "attachments_not_supported");

            Assert.Empty((await app.Api.GetJsonAsync(access, path)).EnumerateArray());
            Assert.Empty((await app.Api.GetJsonAsync(access, $"/chatsessions/{blindSession}/messages/")).EnumerateArray());
            Assert.DoesNotContain(app.Gemini.Requests, request => request.Method == "generateContent");
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task<JsonElement> SendAsync(ChatbotApp app, string access, long session, object body)
    {
        using var response = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, body));
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.GetRawText());
        return json;
    }

    private static List<(long, string?, string?, int)> Summaries(JsonElement message) => message.GetProperty("attachments").EnumerateArray()
        .Select(file => (file.GetProperty("id").GetInt64(), file.GetProperty("name").GetString(), file.GetProperty("content_type").GetString(),
            file.GetProperty("size").GetInt32()))
        .ToList();
}
