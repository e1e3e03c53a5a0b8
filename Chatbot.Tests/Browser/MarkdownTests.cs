using System.Text.Json;
using Chatbot.Tests.EndToEnd;
using Microsoft.Playwright;

namespace Chatbot.Tests.Browser;

/// <summary>
/// The page's Markdown renderer (WebApp/assets/js/markdown.js) in Chromium, on a blank page of its own: a model's
/// answer is rendered as it streams in, so a crafted one must not freeze the tab or throw.
/// </summary>
public sealed class MarkdownTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Origin = "https://markdown.test";

    private static readonly string Scripts = Path.Combine(LocalHostProcess.RepositoryRoot, "Chatbot.Functions", "WebApp", "assets", "js");

    [Theory]
    [InlineData("", "[", "")]
    [InlineData("", "![", "")]
    [InlineData("", "**a ", "")]
    [InlineData("", "~~a ", "")]
    [InlineData("", "*a ", "")]
    [InlineData("", " _a", "")]
    [InlineData("", " __a", "")]
    [InlineData("# a", " ", "b")]
    public async Task A_500_KB_line_of_openers_that_never_close_renders_at_once(string before, string repeated, string after)
    {
        var line = before + string.Concat(Enumerable.Repeat(repeated, 500_000 / repeated.Length)) + after;

        var (_, elapsed) = await RenderAsync(line);

        // A hang guard, not a benchmark: it takes tens of milliseconds; scanning ahead from every opener took from
        // 8 s (a run of `[`) to minutes (the heading's pattern was cubic).
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"Rendering took {elapsed.TotalMilliseconds:F0} ms.");
    }

    [Fact]
    public async Task Quotes_thousands_deep_render_32_deep_and_the_rest_as_text()
    {
        var (html, _) = await RenderAsync(new string('>', 5_000) + " deep");

        var expected = string.Concat(Enumerable.Repeat("<blockquote>", 32))
            + "<p>" + new string('>', 5_000 - 32).Replace(">", "&gt;", StringComparison.Ordinal) + " deep</p>"
            + string.Concat(Enumerable.Repeat("</blockquote>", 32));
        Assert.Equal(expected, html);
    }

    [Theory]
    [InlineData("see https://example.com/a_b. Then", "<p>see <a href=\"https://example.com/a_b\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">https://example.com/a_b</a>. Then</p>")]
    [InlineData("[https://example.com](https://example.com)", "<p><a href=\"https://example.com\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">https://example.com</a></p>")]
    [InlineData("**at https://example.com**", "<p><strong>at <a href=\"https://example.com\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">https://example.com</a></strong></p>")]
    public async Task A_bare_address_is_a_link_that_shows_itself(string markdown, string html)
    {
        Assert.Equal(html, (await RenderAsync(markdown)).Html);
    }

    /// <summary>What the renderer made before its inline marks were found by hand instead of by one pattern.</summary>
    [Theory]
    [InlineData("Hello **there**, *you* and __you__ and _you_, ~~not~~ `code` and `` a`b ``.", "<p>Hello <strong>there</strong>, <em>you</em> and <strong>you</strong> and <em>you</em>, <del>not</del> <code>code</code> and <code>a`b</code>.</p>")]
    [InlineData("[the site](https://example.com/docs \"Docs\") and ![a cat](https://example.com/cat.png) and [wiki](https://en.wikipedia.org/wiki/A_(b))", "<p><a href=\"https://example.com/docs\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">the site</a> and <a href=\"https://example.com/cat.png\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">Image: a cat</a> and <a href=\"https://en.wikipedia.org/wiki/A_(b)\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">wiki</a></p>")]
    [InlineData("[a trap](javascript:alert(1)) and [no target]( \"title\") and [**bold** label](mailto:a@example.com)", "<p>[a trap](javascript:alert(1)) and [no target]( \"title\") and <a href=\"mailto:a@example.com\" rel=\"noopener noreferrer nofollow\" target=\"_blank\"><strong>bold</strong> label</a></p>")]
    [InlineData("***both*** and **unclosed and *half", "<p><strong>*both</strong>* and **unclosed and *half</p>")]
    [InlineData("## Steps ##\n\n1. one\n2. `two`\n   - nested\n\n> quoted\n> > twice\n\n---\nline one\nline two", "<h4>Steps</h4><ol><li>one</li><li><p><code>two</code></p><ul><li>nested</li></ul></li></ol><blockquote><p>quoted</p><blockquote><p>twice</p></blockquote></blockquote><hr><p>line one<br>line two</p>")]
    [InlineData("# C# and 2.\n3) three", "<h3>C# and 2.</h3><ol start=\"3\"><li>three</li></ol>")]
    public async Task Ordinary_markdown_renders_as_it_did(string markdown, string html)
    {
        Assert.Equal(html, (await RenderAsync(markdown)).Html);
    }

    /// <summary>Renders in a fresh page that holds only the renderer; the time is measured inside the page.</summary>
    private async Task<(string Html, TimeSpan Elapsed)> RenderAsync(string markdown)
    {
        await using var context = await browser.Browser.NewContextAsync();
        // The renderer and the modules it imports (by a bare name, as they sit beside it), from the repository.
        await context.RouteAsync($"{Origin}/**", route => route.FulfillAsync(route.Request.Url.EndsWith(".js", StringComparison.Ordinal)
            ? new RouteFulfillOptions { ContentType = "text/javascript", Body = File.ReadAllText(Path.Combine(Scripts, Path.GetFileName(new Uri(route.Request.Url).AbsolutePath))) }
            : new RouteFulfillOptions { ContentType = "text/html", Body = "<!doctype html><title>Markdown</title>" }));
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{Origin}/");

        // The old renderer never returned from some of these inputs: stop waiting rather than hang the test run.
        var result = await page.EvaluateAsync<JsonElement>(
            """
            async (markdown) => {
              const { renderMarkdown } = await import("/markdown.js");
              const started = performance.now();
              const container = document.createElement("div");
              container.append(renderMarkdown(markdown));
              return { html: container.innerHTML, milliseconds: performance.now() - started };
            }
            """,
            markdown).WaitAsync(TimeSpan.FromSeconds(30));
        return (result.GetProperty("html").GetString()!, TimeSpan.FromMilliseconds(result.GetProperty("milliseconds").GetDouble()));
    }
}
