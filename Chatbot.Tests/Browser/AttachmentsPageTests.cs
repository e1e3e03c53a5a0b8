using Chatbot.Tests.EndToEnd;
using Microsoft.Playwright;

namespace Chatbot.Tests.Browser;

/// <summary>
/// Attachments on the web page, in Chromium: files attached with the button and pasted into the prompt go with the
/// message, show in it (an image as a thumbnail, a PDF as a chip), reach the fake Gemini as those exact bytes, and a
/// file the app refuses says why in words; a file an imported conversation lists without its bytes says it is not
/// available.
/// </summary>
public sealed class AttachmentsPageTests(ChatbotApp app, BrowserFixture browser) : IClassFixture<ChatbotApp>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_image_and_a_pdf_are_attached_sent_shown_in_the_message_and_given_to_gemini()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1200, Height = 800 } });
        var problems = new List<string>();
        var page = await WebPage.OpenAsync(context, app.Host.BaseUrl, problems);
        await WebPage.RegisterAsync(page, "files");

        await page.Locator("#attach-input").SetInputFilesAsync(new FilePayload { Name = "dot.png", MimeType = "image/png", Buffer = AttachmentApi.Png });
        await page.Locator("#attach-input").SetInputFilesAsync(new FilePayload { Name = "report.pdf", MimeType = "application/pdf", Buffer = AttachmentApi.Pdf });
        var waiting = page.Locator("#pending-attachments");
        await Assertions.Expect(waiting.Locator(".attachment")).ToHaveCountAsync(2);
        await Assertions.Expect(waiting.GetByRole(AriaRole.Button, new() { Name = "Remove report.pdf" })).ToBeVisibleAsync();

        // An HTML page named like a picture: refused by its bytes, in words, and nothing waits to be sent for it.
        await page.Locator("#attach-input").SetInputFilesAsync(new FilePayload { Name = "cat.jpg", MimeType = "image/jpeg", Buffer = "<html><script>alert(1)</script></html>"u8.ToArray() });
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("cat.jpg: That kind of file cannot be attached");
        await Assertions.Expect(waiting.Locator(".attachment")).ToHaveCountAsync(2);

        var prompt = $"What is in these? {Guid.NewGuid():N}";
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync(prompt);
        await page.GetByLabel("Message", new() { Exact = true }).PressAsync("Enter");

        var message = page.Locator(".message").Last;
        await Assertions.Expect(message.Locator(".answer")).ToContainTextAsync($"echo: {prompt}");
        await Assertions.Expect(waiting).ToBeHiddenAsync();
        var thumbnail = message.GetByRole(AriaRole.Button, new() { Name = "Open dot.png" });
        await Assertions.Expect(thumbnail.Locator("img")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^blob:"));
        await page.WaitForFunctionAsync("() => document.querySelector('.message:last-child .thumb img')?.naturalWidth === 1");
        await Assertions.Expect(message.GetByRole(AriaRole.Button, new() { Name = $"Open report.pdf ({AttachmentApi.Pdf.Length} bytes)" })).ToBeVisibleAsync();

        var asked = app.Gemini.Requests.Last(request => request.LastUserText == prompt).Parts;
        // Two files chosen one after the other upload side by side: they go in the order their uploads finished.
        Assert.Equal(["application/pdf", "image/png"], asked.Where(part => part.MimeType is not null).Select(part => part.MimeType).Order());
        Assert.Equal(AttachmentApi.Png, asked.First(part => part.MimeType == "image/png").InlineBytes);
        Assert.Equal(AttachmentApi.Pdf, asked.First(part => part.MimeType == "application/pdf").InlineBytes);

        // After a reload the message still shows its files, from the list the API gives.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".message").Last.GetByRole(AriaRole.Button, new() { Name = "Open dot.png" })).ToBeVisibleAsync();
        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_pasted_image_alone_is_a_message_without_text()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await WebPage.OpenAsync(context, app.Host.BaseUrl, []);
        await WebPage.RegisterAsync(page, "files");

        var before = app.Gemini.Requests.Count;
        await page.EvaluateAsync(
            """
            (base64) => {
              const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
              const data = new DataTransfer();
              data.items.add(new File([bytes], "screenshot.png", { type: "image/png" }));
              document.getElementById("prompt").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """,
            Convert.ToBase64String(AttachmentApi.Png));
        await Assertions.Expect(page.Locator("#pending-attachments .attachment")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var message = page.Locator(".message").Last;
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        await Assertions.Expect(message.GetByRole(AriaRole.Button, new() { Name = "Open screenshot.png" })).ToBeVisibleAsync();
        await Assertions.Expect(message.Locator(".answer")).ToContainTextAsync("echo:");
        Assert.Contains(app.Gemini.Requests.Skip(before), request => request.Parts.Any(part => part.InlineBytes is { } bytes && bytes.SequenceEqual(AttachmentApi.Png)));
    }

    [Fact]
    public async Task A_file_of_an_imported_conversation_shows_as_not_available()
    {
        var username = $"imports{Guid.NewGuid():N}"[..16];
        var (access, _) = await app.Api.NewUserAsync(username);
        var file = """
            {"session": {"title": "Imported scans", "started_at": "2026-11-20T10:00:00Z", "updated_at": "2026-11-20T10:05:00Z"},
             "messages": [{"id": 1, "prompt": "Summarise the scan", "response": "It is a lease.", "status": "complete",
                           "created_at": "2026-11-20T10:01:00Z",
                           "attachments": [{"id": 9, "name": "scan.pdf", "content_type": "application/pdf", "size": 2048}]}]}
            """;
        var import = ApiClient.Request(HttpMethod.Post, "/chatsessions/import/", access);
        import.Content = new StringContent(file, System.Text.Encoding.UTF8, "application/json");
        using var imported = await app.Http.SendAsync(import);
        Assert.Equal(System.Net.HttpStatusCode.Created, imported.StatusCode);

        await using var context = await browser.Browser.NewContextAsync();
        var problems = new List<string>();
        var page = await WebPage.OpenAsync(context, app.Host.BaseUrl, problems);
        var login = page.Locator("#login-form");
        await login.GetByLabel("Username").FillAsync(username);
        await login.GetByLabel("Password").FillAsync("testpass");
        await login.GetByLabel("Password").PressAsync("Enter");
        await page.Locator("#session-list li").GetByText("Imported scans").ClickAsync();

        // Named with its size, and not a button that would fetch bytes that are not there.
        var chip = page.Locator(".message").Last.GetByRole(AriaRole.Button, new() { Name = "scan.pdf (2.0 KB): not available" });
        await Assertions.Expect(chip).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        Assert.Empty(problems);
    }
}
