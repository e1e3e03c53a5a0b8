using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Chatbot.Tests.EndToEnd;

/// <summary><c>GET /search/</c> through the local host and the real worker, over HTTP, on SQLite.</summary>
public sealed class SearchEndToEndTests(ChatbotApp app) : IClassFixture<ChatbotApp>
{
    [Fact]
    public async Task A_sent_message_is_found_paged_by_its_owner_alone_and_gone_with_its_session()
    {
        var (alice, _) = await app.Api.NewUserAsync();
        var (bob, _) = await app.Api.NewUserAsync();
        var session = await app.Api.NewSessionAsync(alice, "Wildlife");
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(alice, session, $"tell me about capybaras, take {i}");
        }

        await SendAsync(bob, await app.Api.NewSessionAsync(bob), "capybaras for bob");

        // The fake Gemini echoes the prompt, so the answer matches too; the snippet shows the best column's match.
        var first = await GetAsync(alice, "/search/?q=capyb*&limit=2");
        var hits = (await first.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, hits.Count);
        Assert.Equal(["message_id", "session_id", "session_title", "snippet", "created_at", "attachments"], hits[0].EnumerateObject().Select(member => member.Name));
        Assert.Equal((session, "Wildlife"), (hits[0].GetProperty("session_id").GetInt64(), hits[0].GetProperty("session_title").GetString()));
        Assert.Contains("[capybaras]", hits[0].GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", hits[0].GetProperty("created_at").GetString(), StringComparison.Ordinal);
        Assert.Equal("</search/?q=capyb%2A&limit=2&offset=2>; rel=\"next\"", first.Headers.GetValues("Link").Single());

        var second = await GetAsync(alice, "/search/?q=capyb%2A&limit=2&offset=2");
        Assert.Single((await second.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal("</search/?q=capyb%2A&limit=2&offset=0>; rel=\"prev\"", second.Headers.GetValues("Link").Single());

        Assert.Single((await app.Api.GetJsonAsync(bob, "/search/?q=capybaras")).EnumerateArray());
        var deleted = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Delete, $"/chatsessions/{session}/", alice));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty((await app.Api.GetJsonAsync(alice, "/search/?q=capybaras")).EnumerateArray());
    }

    [Theory]
    [InlineData("/search/", "q")]
    [InlineData("/search/?q=", "q")]
    [InlineData("/search/?q=%20%20%09", "q")]
    [InlineData("/search/?q=%22***%22", "q")]
    [InlineData("/search/?q=word&limit=0", "limit")]
    [InlineData("/search/?q=word&offset=-1", "offset")]
    public async Task A_query_with_nothing_to_search_for_or_a_bad_page_is_a_400_naming_the_field(string path, string field)
    {
        var (access, _) = await app.Api.NewUserAsync();

        var response = await GetAsync(access, path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(error => error.Name));
    }

    [Fact]
    public async Task Hostile_queries_are_answered_200_or_400_never_500()
    {
        var (access, _) = await app.Api.NewUserAsync();
        await SendAsync(access, await app.Api.NewSessionAsync(access), "a AND b NEAR c: it's \\ fine");
        string[] hostile = ["\"", "*", "NEAR(", "a AND", ":", "&|!()", "'", "\\", "'; DROP TABLE messages; --", "\0", new string('a', 501), new string('x', 4000)];
        var paths = hostile.Select(q => $"/search/?q={Uri.EscapeDataString(q)}")
            .Concat(["/search/?q=%ED%A0%80", "/search/?q=%FF%FE", "/search/?q=a&q=b", "/search/?q=x&limit=99999999999999999999", "/search/?q=x&offset=1e3"]);

        foreach (var path in paths)
        {
            var response = await GetAsync(access, path);

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode}");
        }

        Assert.Single((await app.Api.GetJsonAsync(access, "/search/?q=a%20AND")).EnumerateArray());
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
        => Assert.Equal(HttpStatusCode.Unauthorized, (await app.Http.GetAsync("/search/?q=anything")).StatusCode);

    private async Task SendAsync(string access, long session, string prompt)
    {
        var sent = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt }));
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
    }

    private Task<HttpResponseMessage> GetAsync(string access, string path) => app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, path, access));
}
