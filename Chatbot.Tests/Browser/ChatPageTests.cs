using Chatbot.Tests.EndToEnd;
using Chatbot.Tests.Fakes;
using Microsoft.Playwright;

namespace Chatbot.Tests.Browser;

/// <summary>The web chat page in a real browser, through the local host, the real worker and the fake Gemini.</summary>
public sealed class ChatPageTests(ChatbotApp app, BrowserFixture browser) : IClassFixture<ChatbotApp>, IClassFixture<BrowserFixture>
{
    private static readonly float Patience = 15_000;

    [Fact]
    public async Task A_user_chats_with_streaming_stop_regenerate_rename_reload_and_logout()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1200, Height = 800 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        await page.GotoAsync(app.Host.BaseUrl.ToString());
        await RegisterAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "New chat" }).ClickAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sentBefore = app.Gemini.ChunksSent;
        app.Gemini.Enqueue(
            GeminiReply.StreamHoldingLast(["First words ", "of the answer ", "and the last chunk."], release.Task, TimeSpan.FromMilliseconds(100)),
            GeminiReply.Text("Safe? <img src=x onerror=\"window.pwned=1\"> and [a trap](javascript:window.pwned=2).\n\n```js\nconsole.log(1)\n```"));
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("Tell me something");
        await page.GetByLabel("Message", new() { Exact = true }).PressAsync("Enter");

        var answer = page.Locator(".message .answer").Last;
        await Assertions.Expect(answer).ToContainTextAsync("First words");
        Assert.True(app.Gemini.ChunksSent - sentBefore < 3, "The first words should be on screen before Gemini sent its last chunk.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Assertions.Expect(page.Locator(".message .status").Last).ToHaveTextAsync("stopped");
        release.SetResult();

        await page.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();
        await Assertions.Expect(answer).ToContainTextAsync("<img src=x onerror=\"window.pwned=1\">");
        await Assertions.Expect(answer).ToContainTextAsync("[a trap](javascript:window.pwned=2)");
        Assert.Equal(0, await answer.Locator("img").CountAsync());
        Assert.Equal(0, await page.Locator("a[href^='javascript']").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.pwned ?? null"));
        await Assertions.Expect(answer.Locator(".code-block code")).ToHaveTextAsync("console.log(1)");
        await Assertions.Expect(answer.GetByRole(AriaRole.Button, new() { Name = "Copy js to the clipboard" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await page.GetByLabel("Chat title").FillAsync("Browser chat");
        await page.GetByLabel("Chat title").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#session-title")).ToHaveTextAsync("Browser chat");
        await Assertions.Expect(page.Locator(".session-list .current")).ToHaveTextAsync("Browser chat");

        await page.ReloadAsync();
        Assert.Contains("?session=", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#session-title")).ToHaveTextAsync("Browser chat");
        await Assertions.Expect(answer).ToContainTextAsync("Safe? <img");
        await Assertions.Expect(page.Locator(".message .prompt")).ToHaveTextAsync("Tell me something");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "conversation.png") });

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('chatbot.refresh')"));
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_reload_mid_answer_replays_the_answer_so_far_and_follows_it_to_the_end()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        await page.GotoAsync(app.Host.BaseUrl.ToString());
        await RegisterAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "New chat" }).ClickAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Keyed by the prompt, not queued: a reply queued by another test can never be taken for this one.
        var prompt = $"Keep talking {Guid.NewGuid():N}";
        app.Gemini.Default = request => request.LastUserText == prompt
            ? GeminiReply.StreamHoldingLast(["Before the reload, ", "still going, "], release.Task)
            : GeminiReply.Text($"echo: {request.LastUserText}");
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync(prompt);
        await page.GetByLabel("Message", new() { Exact = true }).PressAsync("Enter");
        var answer = page.Locator(".message .answer").Last;
        await Assertions.Expect(answer).ToContainTextAsync("Before the reload");

        await page.ReloadAsync();
        // The text so far comes back from the stored heartbeat; the rest arrives live once Gemini sends it.
        await Assertions.Expect(answer).ToContainTextAsync("Before the reload, ");
        release.SetResult();

        await Assertions.Expect(answer).ToHaveTextAsync("Before the reload, still going,");
        await Assertions.Expect(page.Locator(".message .status").Last).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_page_loads_and_chats_with_no_console_error_and_no_request_to_another_origin()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ColorScheme = ColorScheme.Dark });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        var origin = app.Host.BaseUrl.GetLeftPart(UriPartial.Authority);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin + "/", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                problems.Add($"request to another origin: {request.Url}");
            }
        };

        var response = await page.GotoAsync(app.Host.BaseUrl.ToString());
        Assert.Contains("default-src 'self'", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        // Logging out and in again too: POST /logout/ must answer without an error for Chromium to log.
        await RegisterAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "New chat" }).ClickAsync();
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("Hello **there**, see [the site](https://example.com/docs)\n\n## Steps\n\n1. one\n2. `two`");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var answer = page.Locator(".message .answer").Last;
        await Assertions.Expect(answer).ToContainTextAsync("echo: Hello there");
        await Assertions.Expect(answer.Locator("strong")).ToHaveTextAsync("there");
        await Assertions.Expect(answer.Locator("a")).ToHaveAttributeAsync("href", "https://example.com/docs");
        await Assertions.Expect(answer.Locator("h4")).ToHaveTextAsync("Steps");
        await Assertions.Expect(answer.Locator("ol > li")).ToHaveTextAsync(["one", "two"]);
        await Assertions.Expect(answer.Locator("ol > li code")).ToHaveTextAsync("two");
        await Assertions.Expect(page.Locator("#usage")).ToContainTextAsync("Today:");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "conversation-dark.png") });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "conversation-phone.png"), FullPage = true });

        await page.GotoAsync(new Uri(app.Host.BaseUrl, "/docs/").ToString());
        await Assertions.Expect(page.Locator(".operation summary").Filter(new() { HasText = "/chatsessions/{session_id}/messages/" }).First).ToBeVisibleAsync();

        Assert.Equal([], problems);
    }

    [Fact]
    public async Task A_gemini_rate_limit_is_shown_in_words_and_the_message_as_failed()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        await page.GotoAsync(app.Host.BaseUrl.ToString());
        await RegisterAsync(page, logInAgain: false);
        await page.GetByRole(AriaRole.Button, new() { Name = "New chat" }).ClickAsync();
        var prompt = $"Too much {Guid.NewGuid():N}";
        app.Gemini.Default = request => request.LastUserText == prompt ? GeminiReply.Error(429, "RESOURCE_EXHAUSTED", retryDelay: "17s") : GeminiReply.Text($"echo: {request.LastUserText}");

        await page.GetByLabel("Message", new() { Exact = true }).FillAsync(prompt);
        await page.GetByLabel("Message", new() { Exact = true }).PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The model is busy");
        await Assertions.Expect(page.Locator(".message .status").Last).ToContainTextAsync("failed: the model's quota was used up");
    }

    [Fact]
    public async Task An_edited_prompt_becomes_a_second_version_and_the_switcher_moves_between_them()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        await page.GotoAsync(app.Host.BaseUrl.ToString());
        await RegisterAsync(page, logInAgain: false);
        await page.GetByRole(AriaRole.Button, new() { Name = "New chat" }).ClickAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        app.Gemini.Default = request => GeminiReply.Text($"echo: {request.LastUserText}");
        var composer = page.GetByLabel("Message", new() { Exact = true });
        foreach (var prompt in new[] { $"first {tag}", $"second {tag}", $"third {tag}" })
        {
            await composer.FillAsync(prompt);
            await composer.PressAsync("Enter");
            await Assertions.Expect(page.Locator(".message .answer").Last).ToContainTextAsync($"echo: {prompt}");
        }

        var second = page.Locator(".message").Nth(1);
        await second.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await second.GetByLabel("Edited message").FillAsync($"second, edited {tag}");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save and send" }).ClickAsync();

        await Assertions.Expect(page.Locator(".message .answer").Last).ToContainTextAsync($"echo: second, edited {tag}");
        await Assertions.Expect(page.Locator(".message")).ToHaveCountAsync(2);
        await Assertions.Expect(second.Locator(".version-position")).ToHaveTextAsync("2/2");

        await second.GetByRole(AriaRole.Button, new() { Name = "Previous version" }).ClickAsync();
        await Assertions.Expect(page.Locator(".message")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".message .prompt").Nth(1)).ToHaveTextAsync($"second {tag}");
        await Assertions.Expect(page.Locator(".message .prompt").Last).ToHaveTextAsync($"third {tag}");
        await Assertions.Expect(page.Locator(".message").Nth(1).Locator(".version-position")).ToHaveTextAsync("1/2");

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".message .prompt").Last).ToHaveTextAsync($"third {tag}");
        await page.Locator(".message").Nth(1).GetByRole(AriaRole.Button, new() { Name = "Next version" }).ClickAsync();
        await Assertions.Expect(page.Locator(".message .prompt").Last).ToHaveTextAsync($"second, edited {tag}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "versions.png") });
    }

    [Fact]
    public async Task A_prompt_typed_while_a_new_chat_is_being_created_goes_to_the_new_chat()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        await page.GotoAsync(app.Host.BaseUrl.ToString());
        await RegisterAsync(page, logInAgain: false);
        var tag = Guid.NewGuid().ToString("N")[..8];
        app.Gemini.Default = request => GeminiReply.Text($"echo: {request.LastUserText}");
        var composer = page.GetByLabel("Message", new() { Exact = true });
        await page.Locator("#new-session").ClickAsync();
        await composer.FillAsync($"first chat {tag}");
        await composer.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".message .answer").Last).ToContainTextAsync($"echo: first chat {tag}");

        // Creating the next chat, which its first message does, takes a while: that message goes to it, not to the chat being left.
        await page.RouteAsync("**/chatsessions/", async route =>
        {
            if (route.Request.Method == "POST")
            {
                await Task.Delay(TimeSpan.FromMilliseconds(700));
            }

            await route.ContinueAsync();
        });
        await page.Locator("#new-session").ClickAsync();
        await composer.FillAsync($"second chat {tag}");
        await composer.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".message .answer").Last).ToContainTextAsync($"echo: second chat {tag}");
        await Assertions.Expect(page.Locator(".message")).ToHaveCountAsync(1);

        await page.Locator("#session-list li").Nth(1).Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator(".message .prompt")).ToHaveTextAsync([$"first chat {tag}"]);
    }

    [Fact]
    public async Task After_signing_in_a_message_typed_at_once_starts_a_chat_that_the_list_shows_with_its_answer()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        await page.GotoAsync(app.Host.BaseUrl.ToString());
        await RegisterAsync(page);
        var prompt = $"Straight away {Guid.NewGuid():N}";
        app.Gemini.Default = request => GeminiReply.Text($"echo: {request.LastUserText}");

        // No click first: the box has the focus as soon as the user is in.
        var composer = page.GetByLabel("Message", new() { Exact = true });
        await Assertions.Expect(composer).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#no-session")).ToHaveTextAsync("Type a message to start a new chat, or open one from the list.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "new-chat.png") });
        await page.Keyboard.TypeAsync(prompt);
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator(".message .answer")).ToHaveTextAsync([$"echo: {prompt}"]);
        var listed = page.Locator("#session-list li");
        await Assertions.Expect(listed).ToHaveCountAsync(1);
        await Assertions.Expect(listed.First.Locator("button")).ToHaveAttributeAsync("aria-current", "page");
        Assert.Contains("?session=", page.Url, StringComparison.Ordinal);

        await page.Locator("#new-session").ClickAsync();
        await Assertions.Expect(page.Locator(".message")).ToHaveCountAsync(0);
        await listed.First.Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator(".message .prompt")).ToHaveTextAsync([prompt]);
        await Assertions.Expect(page.Locator(".message .answer")).ToHaveTextAsync([$"echo: {prompt}"]);

        // A system prompt chosen before the first message is the new chat's own.
        await page.Locator("#new-session").ClickAsync();
        await page.GetByText("Model and system prompt").ClickAsync();
        await page.GetByLabel("System prompt").FillAsync($"Be brief {prompt}");
        await composer.FillAsync($"second {prompt}");
        await composer.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".message .answer")).ToHaveTextAsync([$"echo: second {prompt}"]);
        await Assertions.Expect(listed).ToHaveCountAsync(2);
        Assert.Equal($"Be brief {prompt}", app.Gemini.Requests.Single(request => request.LastUserText == $"second {prompt}").SystemInstruction);
    }

    [Fact]
    public async Task The_search_box_finds_an_old_answer_and_opens_its_chat()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        await page.GotoAsync(app.Host.BaseUrl.ToString());
        await RegisterAsync(page, logInAgain: false);
        var word = $"zebra{Guid.NewGuid():N}"[..16];
        app.Gemini.Default = request => GeminiReply.Text($"echo: {request.LastUserText}");
        var composer = page.GetByLabel("Message", new() { Exact = true });
        await page.Locator("#new-session").ClickAsync();
        await composer.FillAsync($"Tell me about the {word}");
        await composer.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".message .answer").Last).ToContainTextAsync(word);
        await page.Locator("#new-session").ClickAsync();
        await composer.FillAsync("Something else entirely");
        await composer.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".message .answer").Last).ToContainTextAsync("Something else");

        await page.GetByLabel("Search chats").FillAsync(word);
        await page.GetByLabel("Search chats").PressAsync("Enter");
        var results = page.GetByRole(AriaRole.List, new() { Name = "Search results" }).Locator(".search-result");
        await Assertions.Expect(results).ToHaveCountAsync(1);
        await Assertions.Expect(results.First.Locator(".search-snippet")).ToContainTextAsync($"[{word}]");
        await results.First.ClickAsync();

        await Assertions.Expect(page.Locator(".message .prompt").First).ToHaveTextAsync($"Tell me about the {word}");
        await page.GetByLabel("Search chats").FillAsync("nothingmatchesthis");
        await page.GetByLabel("Search chats").PressAsync("Enter");
        await Assertions.Expect(page.Locator(".search-empty")).ToHaveTextAsync("Nothing found.");
    }

    /// <summary>Registers a new user (which logs in); then, if asked, logs out and logs in again through the login form.</summary>
    private static async Task RegisterAsync(IPage page, bool logInAgain = true)
    {
        var username = $"web{Guid.NewGuid():N}"[..16];
        var register = page.Locator("#register-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await register.GetByLabel("Username").FillAsync(username);
        await register.GetByLabel("Email").FillAsync($"{username}@example.com");
        await register.GetByLabel("Password").FillAsync("browserpass");
        await register.GetByRole(AriaRole.Button, new() { Name = "Register and log in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "New chat" })).ToBeVisibleAsync();
        if (!logInAgain)
        {
            return;
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        var login = page.Locator("#login-form");
        await login.GetByLabel("Username").FillAsync(username);
        await login.GetByLabel("Password").FillAsync("browserpass");
        await login.GetByLabel("Password").PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "New chat" })).ToBeVisibleAsync();
    }
}
