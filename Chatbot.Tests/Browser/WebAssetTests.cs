using System.Net;
using System.Net.Http.Headers;
using Chatbot.Tests.EndToEnd;

namespace Chatbot.Tests.Browser;

/// <summary>The page's files over HTTP, through the local host and the real worker.</summary>
public sealed class WebAssetTests(ChatbotApp app) : IClassFixture<ChatbotApp>
{
    [Fact]
    public async Task The_page_is_served_with_a_strict_content_security_policy()
    {
        using var response = await app.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("<script type=\"module\" src=\"/app/js/main.js\"></script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_asset_has_its_content_type_and_an_etag_that_answers_304_when_unchanged()
    {
        using var first = await app.Http.GetAsync("/app/js/main.js");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/javascript", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/app/js/main.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await app.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Theory]
    [InlineData("/app/missing.js")]
    [InlineData("/app/%2e%2e/Chatbot.Functions.dll")]
    [InlineData("/app/..%2fChatbot.Functions.dll")]
    [InlineData("/app/js/../../host.json")]
    public async Task An_unknown_or_escaping_asset_is_a_404_problem(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Http.BaseAddress + path.TrimStart('/'), UriKind.Absolute));
        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_openapi_document_served_is_the_checked_file()
    {
        using var response = await app.Http.GetAsync("/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }, response.Content.Headers.ContentType);
        var checkedFile = await File.ReadAllTextAsync(Path.Combine(LocalHostProcess.RepositoryRoot, "Chatbot.Functions", "OpenApi", "openapi.json"));
        Assert.Equal(checkedFile, await response.Content.ReadAsStringAsync());
    }
}
