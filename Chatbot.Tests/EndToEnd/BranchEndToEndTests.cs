using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Chatbot.Tests.EndToEnd;

/// <summary>Editing, switching branches and listing the tree over HTTP, through the local host and the real worker.</summary>
public sealed class BranchEndToEndTests(ChatbotApp app) : IClassFixture<ChatbotApp>
{
    [Fact]
    public async Task A_patch_answers_a_sibling_select_switches_back_and_the_tree_pages_with_its_filter_kept()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var session = await app.Api.NewSessionAsync(access);
        var first = await SendAsync(access, session, "first");
        var second = await SendAsync(access, session, "second");

        using var patched = await app.Http.SendAsync(ApiClient.Request(
            HttpMethod.Patch, $"/chatsessions/{session}/messages/{second}/", access, new { prompt = "second, edited" }));
        Assert.Equal(HttpStatusCode.Created, patched.StatusCode);
        var edited = await patched.Content.ReadFromJsonAsync<JsonElement>();
        var editedId = edited.GetProperty("id").GetInt64();
        Assert.Equal(("echo: second, edited", first), (edited.GetProperty("response").GetString(), edited.GetProperty("parent").GetInt64()));
        Assert.Equal([second, editedId], Ids(edited.GetProperty("siblings")));
        Assert.Equal([first, editedId], Ids(await app.Api.GetJsonAsync(access, $"/chatsessions/{session}/messages/"), "id"));

        using var selected = await app.Http.SendAsync(ApiClient.Request(
            HttpMethod.Post, $"/chatsessions/{session}/messages/{second}/select/?limit=1", access));
        Assert.Equal(HttpStatusCode.OK, selected.StatusCode);
        Assert.Equal([first], Ids(await selected.Content.ReadFromJsonAsync<JsonElement>(), "id"));
        Assert.Equal($"</chatsessions/{session}/messages/?limit=1&after={first}>; rel=\"next\"", selected.Headers.GetValues("Link").Single());
        Assert.Equal([first, second], Ids(await app.Api.GetJsonAsync(access, $"/chatsessions/{session}/messages/"), "id"));

        using var tree = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/chatsessions/{session}/messages/?branches=all&limit=2", access));
        Assert.Equal([first, second], Ids(await tree.Content.ReadFromJsonAsync<JsonElement>(), "id"));
        Assert.Equal($"</chatsessions/{session}/messages/?branches=all&limit=2&after={second}>; rel=\"next\"", tree.Headers.GetValues("Link").Single());
        Assert.Equal([editedId], Ids(await app.Api.GetJsonAsync(access, $"/chatsessions/{session}/messages/?branches=all&limit=2&after={second}"), "id"));
    }

    [Fact]
    public async Task A_streamed_edit_sends_the_events_of_a_send_and_bad_requests_get_clear_errors()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var session = await app.Api.NewSessionAsync(access);
        var first = await SendAsync(access, session, "first");

        var request = ApiClient.Request(HttpMethod.Patch, $"/chatsessions/{session}/messages/{first}/", access, new { prompt = "first, streamed" });
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var streamed = await app.Http.SendAsync(request);
        var events = await streamed.Content.ReadAsStringAsync();
        Assert.Equal("text/event-stream", streamed.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("event: message", events, StringComparison.Ordinal);
        Assert.Contains("event: done", events, StringComparison.Ordinal);

        using var blank = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Patch, $"/chatsessions/{session}/messages/{first}/", access, new { prompt = " " }));
        using var missing = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Patch, $"/chatsessions/{session}/messages/999999/", access, new { prompt = "x" }));
        using var badFilter = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/chatsessions/{session}/messages/?branches=some", access));
        using var badSelect = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/nope/select/", access));
        Assert.Equal(
            [HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.NotFound],
            new[] { blank, missing, badFilter, badSelect }.Select(response => response.StatusCode));
        Assert.All(new[] { blank, missing, badFilter, badSelect },
            response => Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType));
    }

    private async Task<long> SendAsync(string access, long session, string prompt)
    {
        using var response = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static long[] Ids(JsonElement array, string? property = null)
        => array.EnumerateArray().Select(item => (property is null ? item : item.GetProperty(property)).GetInt64()).ToArray();
}
