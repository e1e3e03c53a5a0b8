using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Core.Data;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// <c>GET /search/</c> finds a message by its files' names, on both databases: after the text hits, newest first, the
/// caller's own files only, LIKE's wildcards as plain characters. PNGs and PDFs, so their names are not in the text the
/// fake Gemini echoes.
/// </summary>
public sealed class SearchFileNameEndToEndTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_message_is_found_by_its_files_name_after_the_text_hits_once_and_paged(DatabaseProvider provider)
    {
        var app = new ChatbotApp(provider);
        try
        {
            await app.InitializeAsync();
            var (alice, _) = await app.Api.NewUserAsync();
            var (bob, _) = await app.Api.NewUserAsync();
            var session = await app.Api.NewSessionAsync(alice, "Finance");
            var byName = await SendAsync(app, alice, session, "Summarise this, please", "quarterly-report.pdf");
            var older = await SendAsync(app, alice, session, "What about the quarterly numbers?");
            var both = await SendAsync(app, alice, session, "The quarterly figures again", "QUARTERLY-report-v2.pdf");
            var bobs = await SendAsync(app, bob, await app.Api.NewSessionAsync(bob), "Mine", "quarterly-report.pdf");

            // Text hits first (both is one of them, once), then the file-name hit, its name marked in the snippet.
            var found = Ids(await SearchAsync(app, alice, "quarterly")).ToList();
            Assert.Equal([both, older], found.Take(2).Order().Reverse());
            Assert.Equal([byName], found.Skip(2));
            var byNameHit = (await SearchAsync(app, alice, "quarterly"))[2];
            Assert.Equal("[quarterly]-report.pdf", byNameHit.GetProperty("snippet").GetString());
            Assert.Equal(("Finance", "quarterly-report.pdf"), (
                byNameHit.GetProperty("session_title").GetString(),
                byNameHit.GetProperty("attachments")[0].GetProperty("name").GetString()));

            // Every term in one name, in any case, newest first; a prefix and a phrase ask the same; never another user's file.
            var report = await SearchAsync(app, alice, "REPORT");
            Assert.Equal([both, byName], Ids(report));
            Assert.Equal("quarterly-[report].pdf", report[1].GetProperty("snippet").GetString());
            Assert.Equal([both], Ids(await SearchAsync(app, alice, "quarterly-rep* v2")));
            Assert.Equal([byName], Ids(await SearchAsync(app, alice, "\"report.pdf\"")));
            Assert.Empty(await SearchAsync(app, alice, "report summary"));
            Assert.Equal([bobs], Ids(await SearchAsync(app, bob, "report")));

            // Pages hold text and file-name hits alike, in the same order.
            var first = await GetAsync(app, alice, "/search/?q=quarterly&limit=2");
            Assert.Equal(found.Take(2), Ids((await first.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()));
            Assert.Equal("</search/?q=quarterly&limit=2&offset=2>; rel=\"next\"", first.Headers.GetValues("Link").Single());
            Assert.Equal(found.Skip(2), Ids(await SearchAsync(app, alice, "quarterly", "&limit=2&offset=2")));
            Assert.Equal(found.Skip(1), Ids(await SearchAsync(app, alice, "quarterly", "&limit=2&offset=1")));
        }
        finally
        {
            await app.DisposeAsync();
            await app.Database.DropAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_wildcard_in_the_query_matches_only_itself_in_a_files_name(DatabaseProvider provider)
    {
        var app = new ChatbotApp(provider);
        try
        {
            await app.InitializeAsync();
            var (access, _) = await app.Api.NewUserAsync();
            var session = await app.Api.NewSessionAsync(access);
            var underscore = await SendAsync(app, access, session, "One", "a_b.png");
            await SendAsync(app, access, session, "Two", "axb.png");
            var percent = await SendAsync(app, access, session, "Three", "growth 100%.png");
            await SendAsync(app, access, session, "Four", "growth 1000.png");

            Assert.Equal([underscore], Ids(await SearchAsync(app, access, "a_b")));
            Assert.Equal([percent], Ids(await SearchAsync(app, access, "100%")));
            Assert.Equal([percent], Ids(await SearchAsync(app, access, "\"growth 100%\"")));
            Assert.Equal("growth [100%].png", (await SearchAsync(app, access, "100%")).Single().GetProperty("snippet").GetString());
        }
        finally
        {
            await app.DisposeAsync();
            await app.Database.DropAsync();
        }
    }

    private static long Id(JsonElement hit) => hit.GetProperty("message_id").GetInt64();

    private static IEnumerable<long> Ids(IEnumerable<JsonElement> hits) => hits.Select(Id);

    private static async Task<long> SendAsync(ChatbotApp app, string access, long session, string prompt, string? fileName = null)
    {
        long[] attachments = fileName is null
            ? []
            : [(await AttachmentApi.UploadOkAsync(app.Http, access, fileName.EndsWith(".pdf", StringComparison.Ordinal) ? AttachmentApi.Pdf : AttachmentApi.Png, fileName))
                .GetProperty("id").GetInt64()];
        using var sent = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt, attachments }));
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        return (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task<List<JsonElement>> SearchAsync(ChatbotApp app, string access, string q, string page = "")
        => [.. (await app.Api.GetJsonAsync(access, $"/search/?q={Uri.EscapeDataString(q)}{page}")).EnumerateArray()];

    private static Task<HttpResponseMessage> GetAsync(ChatbotApp app, string access, string path)
        => app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, path, access));
}
