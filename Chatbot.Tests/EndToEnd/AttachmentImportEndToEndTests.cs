using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chatbot.Core.Attachments;
using Chatbot.Core.Data;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// An exported conversation lists its files (an export carries no bytes); importing it keeps the conversation, and its
/// files come back as not available: listed with their messages, never served, never sent again, counted in no quota,
/// and named to the model when an imported turn is answered again.
/// </summary>
public sealed class AttachmentImportEndToEndTests
{
    private static readonly byte[] Notes = "alpha, beta\n"u8.ToArray();

    [Theory]
    [MemberData(nameof(AttachmentStores.All), MemberType = typeof(AttachmentStores))]
    public async Task An_imported_conversation_keeps_its_files_as_not_available(DatabaseProvider provider, AttachmentStoreKind store)
    {
        // The quota holds the two uploads, and no more: an import's listed sizes must not count against it.
        var app = new ChatbotApp(provider, AttachmentStores.With(store, new Dictionary<string, string?>
        {
            ["Attachments__UserStorageBytes"] = (2 * (AttachmentApi.Png.Length + Notes.Length)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        try
        {
            await app.InitializeAsync();
            var (access, _) = await app.Api.NewUserAsync();
            var (other, _) = await app.Api.NewUserAsync();
            var session = await app.Api.NewSessionAsync(access);
            var png = (await AttachmentApi.UploadOkAsync(app.Http, access, AttachmentApi.Png, "dot.png")).GetProperty("id").GetInt64();
            var notes = (await AttachmentApi.UploadOkAsync(app.Http, access, Notes, "notes.csv")).GetProperty("id").GetInt64();
            await OkAsync(app, ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access,
                new { prompt = "What is in these files?", attachments = new[] { png, notes } }));
            var export = await ExportAsync(app, access, session);
            var listed = export["messages"]![0]!["attachments"]!.AsArray();

            var imported = await ImportAsync(app, access, export.ToJsonString());

            // The conversation is whole; each file keeps its name, type, size and digest under a new id, not available.
            var message = Assert.Single((await app.Api.GetJsonAsync(access, $"/chatsessions/{imported}/messages/")).EnumerateArray());
            Assert.Equal("What is in these files?", message.GetProperty("prompt").GetString());
            var files = message.GetProperty("attachments").EnumerateArray().ToList();
            Assert.Equal(
                listed.Select(file => (file!["name"]!.GetValue<string>(), file["content_type"]!.GetValue<string>(), file["size"]!.GetValue<long>(),
                    file["sha256"]!.GetValue<string>(), false)),
                files.Select(file => (file.GetProperty("name").GetString()!, file.GetProperty("content_type").GetString()!,
                    file.GetProperty("size").GetInt64(), file.GetProperty("sha256").GetString()!, file.GetProperty("available").GetBoolean())));
            Assert.True(listed.All(file => file!["available"]!.GetValue<bool>()));
            var copies = files.ConvertAll(file => file.GetProperty("id").GetInt64());
            Assert.Empty(copies.Intersect([png, notes]));

            // Its metadata is there, its bytes are not: a clear 404, and no new bytes in the store.
            var copy = await app.Api.GetJsonAsync(access, $"/attachments/{copies[0]}/");
            Assert.False(copy.GetProperty("available").GetBoolean());
            await AttachmentEndToEndTests.AssertRefusedAsync(
                await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/attachments/{copies[0]}/content/", access)), 404, "attachment_not_available");
            Assert.Equal(2, AttachmentApi.StoredFiles(app));

            // Another user sees none of it.
            await AttachmentEndToEndTests.AssertRefusedAsync(
                await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/attachments/{copies[0]}/", other)), 404, "not_found");
            await AttachmentEndToEndTests.AssertRefusedAsync(
                await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/attachments/{copies[0]}/content/", other)), 404, "not_found");

            // It cannot be sent again (nothing is stored), but the user may upload the file anew: the quota had room.
            var sends = app.Gemini.Requests.Count(request => request.Method == "generateContent");
            await AttachmentEndToEndTests.AssertRefusedAsync(await app.Http.SendAsync(ApiClient.Request(
                HttpMethod.Post, $"/chatsessions/{imported}/messages/", access, new { prompt = "again", attachments = new[] { copies[0] } })),
                422, "attachment_not_available");
            Assert.Single((await app.Api.GetJsonAsync(access, $"/chatsessions/{imported}/messages/")).EnumerateArray());
            Assert.Equal(sends, app.Gemini.Requests.Count(request => request.Method == "generateContent"));
            await AttachmentApi.UploadOkAsync(app.Http, access, AttachmentApi.Png, "dot-again.png");

            // Answered again, the imported turn names its files to the model instead of failing on missing bytes.
            await OkAsync(app, ApiClient.Request(HttpMethod.Post, $"/chatsessions/{imported}/messages/{message.GetProperty("id")}/regenerate/", access));
            var asked = app.Gemini.Requests.Last(request => request.Method == "generateContent").Parts;
            Assert.Equal(
                [$"File dot.png (image/png, {AttachmentApi.Png.Length} bytes) was attached here; its contents are not available.",
                 "File notes.csv (text/plain, 12 bytes) was attached here; its contents are not available.",
                 "What is in these files?"],
                asked.Select(part => part.Text));
            Assert.All(asked, part => Assert.Null(part.InlineBytes));

            // Exported again, the files say they are not available; deleting the session removes them, and no bytes.
            var again = await ExportAsync(app, access, imported);
            Assert.All(again["messages"]![0]!["attachments"]!.AsArray(), file => Assert.False(file!["available"]!.GetValue<bool>()));
            using var deleted = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Delete, $"/chatsessions/{imported}/", access));
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            await AttachmentEndToEndTests.AssertRefusedAsync(
                await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/attachments/{copies[0]}/", access)), 404, "not_found");
            Assert.Equal(3, AttachmentApi.StoredFiles(app));
            Assert.True((await app.Api.GetJsonAsync(access, $"/attachments/{png}/")).GetProperty("available").GetBoolean());
        }
        finally
        {
            await app.DisposeAsync();
            await app.Database.DropAsync();
        }
    }

    [Fact]
    public async Task A_file_listed_larger_than_the_quota_imports_and_takes_no_room()
    {
        var app = new ChatbotApp(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Attachments__UserStorageBytes"] = "1000" });
        try
        {
            await app.InitializeAsync();
            var (access, _) = await app.Api.NewUserAsync();
            var file = new JsonObject
            {
                ["session"] = new JsonObject { ["title"] = "Scans", ["started_at"] = "2026-11-20T10:00:00Z", ["updated_at"] = "2026-11-20T10:05:00Z" },
                ["messages"] = new JsonArray(new JsonObject
                {
                    ["id"] = 1,
                    ["prompt"] = "Summarise the scan",
                    ["response"] = "It is a lease.",
                    ["status"] = "complete",
                    ["created_at"] = "2026-11-20T10:01:00Z",
                    ["attachments"] = new JsonArray(new JsonObject { ["name"] = "scan.pdf", ["content_type"] = "application/pdf", ["size"] = 500_000_000 }),
                }),
            };

            var imported = await ImportAsync(app, access, file.ToJsonString());

            var listed = Assert.Single((await app.Api.GetJsonAsync(access, $"/chatsessions/{imported}/messages/")).EnumerateArray())
                .GetProperty("attachments").EnumerateArray().Single();
            Assert.Equal(("scan.pdf", 500_000_000L, "", false),
                (listed.GetProperty("name").GetString(), listed.GetProperty("size").GetInt64(), listed.GetProperty("sha256").GetString(),
                 listed.GetProperty("available").GetBoolean()));
            await AttachmentApi.UploadOkAsync(app.Http, access, AttachmentApi.Png, "dot.png");
            Assert.Equal(1, AttachmentApi.StoredFiles(app));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task<JsonObject> ExportAsync(ChatbotApp app, string access, long session)
    {
        var json = await OkAsync(app, ApiClient.Request(HttpMethod.Get, $"/chatsessions/{session}/export/?format=json&branches=all", access));
        return JsonNode.Parse(json.GetRawText())!.AsObject();
    }

    private static async Task<long> ImportAsync(ChatbotApp app, string access, string file)
    {
        var request = ApiClient.Request(HttpMethod.Post, "/chatsessions/import/", access);
        request.Content = new StringContent(file, Encoding.UTF8, "application/json");
        return Assert.Single((await OkAsync(app, request)).EnumerateArray()).GetProperty("id").GetInt64();
    }

    private static async Task<JsonElement> OkAsync(ChatbotApp app, HttpRequestMessage request)
    {
        using var response = await app.Http.SendAsync(request);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {json.GetRawText()}");
        return json;
    }
}
