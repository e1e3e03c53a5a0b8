using Microsoft.Playwright;

namespace Chatbot.Tests.Browser;

/// <summary>The app's page as the browser tests open it and sign a new user in.</summary>
internal static class WebPage
{
    /// <summary>How long a step may take: CI shares two cores with the worker.</summary>
    public const float Patience = 15_000;

    /// <summary>The page at <paramref name="baseUrl"/> in <paramref name="context"/>; errors its scripts throw go to <paramref name="problems"/>.</summary>
    public static async Task<IPage> OpenAsync(IBrowserContext context, Uri baseUrl, List<string> problems)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        // The first page of a fresh app waits for the worker's first requests, slow on a busy machine.
        page.SetDefaultNavigationTimeout(60_000);
        page.PageError += (_, error) => problems.Add(error);
        await page.GotoAsync(baseUrl.ToString());
        return page;
    }

    /// <summary>Registers a new user named from <paramref name="prefix"/> through the form, which signs it in; returns its name.</summary>
    public static async Task<string> RegisterAsync(IPage page, string prefix)
    {
        var username = $"{prefix}{Guid.NewGuid():N}"[..16];
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        var register = page.Locator("#register-form");
        await register.GetByLabel("Username").FillAsync(username);
        await register.GetByLabel("Email").FillAsync($"{username}@example.com");
        await register.GetByLabel("Password").FillAsync("browserpass");
        await register.GetByRole(AriaRole.Button, new() { Name = "Register and log in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "New chat" })).ToBeVisibleAsync();
        return username;
    }
}
