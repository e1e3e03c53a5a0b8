using Microsoft.Playwright;

namespace Chatbot.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright. Playwright's own browser download cannot work here, so it is pointed at
/// the apt package (<c>apt-get install chromium</c>, as <c>.ci/run</c> does).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the tests keep their screenshots: in the test output folder.</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"No Chromium at {ChromiumPath}: install it with apt-get install chromium (.ci/run does).");
        }

        playwright = await Playwright.CreateAsync();

        // The pages' own timeouts are set per test; assertions wait as long, since CI shares two cores with the worker.
        Assertions.SetDefaultExpectTimeout(15_000);
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}
