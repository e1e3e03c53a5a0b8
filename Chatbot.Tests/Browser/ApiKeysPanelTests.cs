using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Chatbot.Tests.EndToEnd;
using Microsoft.Playwright;

namespace Chatbot.Tests.Browser;

/// <summary>The "API keys" panel in Chromium: a key made there works on /v1/, is shown once, and revoking it there ends it.</summary>
public sealed partial class ApiKeysPanelTests(ChatbotApp app, BrowserFixture browser) : IClassFixture<ChatbotApp>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_key_is_created_shown_once_copied_listed_with_its_use_and_revoked()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { Permissions = ["clipboard-read", "clipboard-write"] });
        var problems = new List<string>();
        var page = await WebPage.OpenAsync(context, app.Host.BaseUrl, problems);
        await WebPage.RegisterAsync(page, "keys");

        await page.GetByText("API keys", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#key-list")).ToContainTextAsync("No keys yet.");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("My editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var shown = page.Locator("#new-key-value");
        await Assertions.Expect(shown).ToHaveTextAsync(KeyFormat());
        var key = (await shown.TextContentAsync())!;
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy key" }).ClickAsync();
        Assert.Equal(key, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        var row = page.Locator("#key-list li", new() { HasText = "My editor" });
        await Assertions.Expect(row).ToContainTextAsync("never used");
        await Assertions.Expect(row).Not.ToContainTextAsync(key);

        Assert.Equal(HttpStatusCode.OK, await ModelsStatusAsync(key));
        await page.GetByText("API keys", new() { Exact = true }).ClickAsync();
        await page.GetByText("API keys", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("last used");
        await Assertions.Expect(row).ToContainTextAsync("today 0 tokens");

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke My editor" }).ClickAsync();
        await Assertions.Expect(page.Locator("#confirm-text")).ToContainTextAsync("Revoke the key \"My editor\"?");
        await page.Locator("#confirm-yes").ClickAsync();
        await Assertions.Expect(page.Locator("#key-list")).ToContainTextAsync("No keys yet.");
        Assert.Equal(HttpStatusCode.Unauthorized, await ModelsStatusAsync(key));

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Assertions.Expect(shown).ToBeHiddenAsync();
        Assert.Equal("", await shown.TextContentAsync());
        Assert.Empty(problems);
    }

    private async Task<HttpStatusCode> ModelsStatusAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await app.Http.SendAsync(request);
        return response.StatusCode;
    }

    [GeneratedRegex("^cb-[A-Za-z0-9_-]{43,}$")]
    private static partial Regex KeyFormat();
}
