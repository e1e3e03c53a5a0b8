using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chatbot.Core.Auth;
using Chatbot.Tests.EndToEnd;
using Chatbot.Tests.Fakes;
using Microsoft.Playwright;

namespace Chatbot.Tests.Browser;

/// <summary>
/// The web page's Admin view and the sign-up form that follows the registration mode, in Chromium, through the local
/// host and the real worker. The first admin is made in the database, as the CLI would. The tests share one app and
/// run one at a time; each that changes the registration mode sets it back.
/// </summary>
public sealed class AdminPageTests(ChatbotApp app, BrowserFixture browser) : IClassFixture<ChatbotApp>, IClassFixture<BrowserFixture>
{
    private const string Password = "testpass";
    private static readonly float Patience = 15_000;

    [Fact]
    public async Task An_admin_sees_the_admin_view_with_no_console_error_and_a_user_does_not()
    {
        var admin = await NewAdminAsync();
        var user = await NewUserAsync();
        await using var adminContext = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var adminPage = await SignedInPageAsync(adminContext, admin);
        var problems = WatchForProblems(adminPage);

        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Admin", Exact = true }).ClickAsync();
        Assert.EndsWith("/?view=admin", adminPage.Url, StringComparison.Ordinal);
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Heading, new() { Name = "Admin", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(UserRow(adminPage, user)).ToContainTextAsync("active");
        foreach (var tab in new[] { "Usage", "Sign-ups", "Audit log", "Users" })
        {
            await adminPage.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
            await Assertions.Expect(adminPage.GetByRole(AriaRole.Tab, new() { Name = tab })).ToHaveAttributeAsync("aria-selected", "true");
        }

        await Assertions.Expect(UserRow(adminPage, admin)).ToBeVisibleAsync();
        await adminPage.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "admin-users.png") });
        await adminPage.ReloadAsync();
        await Assertions.Expect(UserRow(adminPage, user)).ToBeVisibleAsync();
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Back to the chat" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Button, new() { Name = "New chat" })).ToBeVisibleAsync();
        Assert.Equal([], problems);

        await using var userContext = await browser.Browser.NewContextAsync();
        var userPage = await SignedInPageAsync(userContext, user);
        await Assertions.Expect(userPage.Locator("#usage")).ToContainTextAsync("Today:");
        await Assertions.Expect(userPage.GetByRole(AriaRole.Button, new() { Name = "Admin", Exact = true })).ToBeHiddenAsync();
        await userPage.GotoAsync(new Uri(app.Host.BaseUrl, "/?view=admin").ToString());
        await Assertions.Expect(userPage.GetByRole(AriaRole.Button, new() { Name = "New chat" })).ToBeVisibleAsync();
        await Assertions.Expect(userPage.Locator("#admin-view")).ToBeHiddenAsync();
        await Assertions.Expect(userPage).ToHaveURLAsync(new Uri(app.Host.BaseUrl, "/").ToString());
    }

    [Fact]
    public async Task A_demoted_admin_s_view_closes_at_its_next_call_with_the_reason_in_words()
    {
        var admin = await NewAdminAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await OpenAdminViewAsync(context, admin);

        // As another admin's PATCH would: the role is read from the database on every admin request.
        await app.Database.SetRoleAsync(admin, UserRole.User);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Audit log" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Only an admin can do that.");
        await Assertions.Expect(page.Locator("#admin-view")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "New chat" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Admin", Exact = true })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_user_whose_account_an_admin_deactivates_falls_back_to_the_sign_in_form()
    {
        var admin = await NewAdminAsync();
        var user = await NewUserAsync();
        await using var userContext = await browser.Browser.NewContextAsync();
        var userPage = await SignedInPageAsync(userContext, user);
        await using var adminContext = await browser.Browser.NewContextAsync();
        var adminPage = await OpenAdminViewAsync(adminContext, admin);

        await FindUserAsync(adminPage, user);
        await UserRow(adminPage, user).GetByRole(AriaRole.Button, new() { Name = $"Deactivate {user}" }).ClickAsync();
        await Assertions.Expect(UserRow(adminPage, user).Locator(".badge")).ToHaveTextAsync("deactivated");

        // The user's open page learns of it at its next API call: each search is one, until one answers 401 (the
        // access token is refused within 5 s); the page's refresh is then refused too, and the sign-in form shows.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var search = userPage.GetByLabel("Search chats");
        await search.FillAsync("anything");
        while ((await userPage.RunAndWaitForResponseAsync(() => search.PressAsync("Enter"), response => response.Url.Contains("/search/", StringComparison.Ordinal))).Status != 401)
        {
            Assert.True(DateTime.UtcNow < deadline, "The deactivated user's access token still worked 15 s after the deactivation.");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        await Assertions.Expect(userPage.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Assertions.Expect(userPage.GetByRole(AriaRole.Alert)).ToContainTextAsync("signed out");
        await Assertions.Expect(userPage.Locator("#signed-in")).ToBeHiddenAsync();
        Assert.Null(await userPage.EvaluateAsync<string?>("() => localStorage.getItem('chatbot.refresh')"));

        // Signing in again fails as a wrong password does, until the admin activates the account.
        await LogInAsync(userPage, user);
        await Assertions.Expect(userPage.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong username or password");
        await UserRow(adminPage, user).GetByRole(AriaRole.Button, new() { Name = $"Activate {user}" }).ClickAsync();
        await Assertions.Expect(UserRow(adminPage, user).Locator(".badge")).ToHaveTextAsync("active");
        await LogInAsync(userPage, user);
        await Assertions.Expect(userPage.GetByRole(AriaRole.Button, new() { Name = "New chat" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_user_signs_up_in_invite_mode_with_a_code_made_in_the_admin_view()
    {
        var admin = await NewAdminAsync();
        await using var adminContext = await browser.Browser.NewContextAsync(new() { Permissions = ["clipboard-read", "clipboard-write"] });
        var adminPage = await OpenAdminViewAsync(adminContext, admin);
        await adminPage.GetByRole(AriaRole.Tab, new() { Name = "Sign-ups" }).ClickAsync();
        try
        {
            await adminPage.GetByLabel("Registration mode").SelectOptionAsync("invite");
            await Assertions.Expect(adminPage.Locator("#registration-saved")).ToHaveTextAsync("Saved: registration is invite.");
            Assert.Equal("invite", await ModeAsync());

            await adminPage.GetByLabel("Uses").FillAsync("1");
            await adminPage.GetByLabel("Expires in (days)").FillAsync("3");
            await adminPage.GetByRole(AriaRole.Button, new() { Name = "Create invite" }).ClickAsync();
            var code = adminPage.Locator("#new-invite-code");
            await Assertions.Expect(code).ToHaveTextAsync(new Regex("^[A-Za-z0-9_-]{32}$"));
            var invite = await code.TextContentAsync();
            await adminPage.GetByRole(AriaRole.Button, new() { Name = "Copy code" }).ClickAsync();
            Assert.Equal(invite, await adminPage.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
            var inviteRow = adminPage.Locator("#invite-table tbody tr").First;
            await Assertions.Expect(inviteRow.Locator("td").Nth(1)).ToHaveTextAsync("1");
            await adminPage.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "admin-invites.png") });

            await using var guestContext = await browser.Browser.NewContextAsync();
            var guest = await guestContext.NewPageAsync();
            guest.SetDefaultTimeout(Patience);
            await guest.GotoAsync(app.Host.BaseUrl.ToString());
            await guest.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
            var form = guest.Locator("#register-form");
            await Assertions.Expect(form.GetByLabel("Invite code")).ToBeVisibleAsync();
            var username = $"invited{Guid.NewGuid():N}"[..16];
            await FillRegisterFormAsync(form, username);
            await form.GetByLabel("Invite code").FillAsync("not-the-code");
            await form.GetByRole(AriaRole.Button, new() { Name = "Register and log in" }).ClickAsync();
            await Assertions.Expect(guest.GetByRole(AriaRole.Alert)).ToContainTextAsync("invite code");
            await form.GetByLabel("Invite code").FillAsync(invite!);
            await form.GetByRole(AriaRole.Button, new() { Name = "Register and log in" }).ClickAsync();
            await Assertions.Expect(guest.GetByRole(AriaRole.Button, new() { Name = "New chat" })).ToBeVisibleAsync();

            // The code was for one use: the list shows it spent; revoking asks first, then removes it.
            await adminPage.GetByRole(AriaRole.Tab, new() { Name = "Users" }).ClickAsync();
            await adminPage.GetByRole(AriaRole.Tab, new() { Name = "Sign-ups" }).ClickAsync();
            await Assertions.Expect(inviteRow.Locator("td").Nth(1)).ToHaveTextAsync("0");
            var inviteName = await inviteRow.Locator("td").First.TextContentAsync();
            await inviteRow.GetByRole(AriaRole.Button, new() { Name = $"Revoke invite {inviteName}" }).ClickAsync();
            await Assertions.Expect(adminPage.Locator("#confirm-text")).ToContainTextAsync($"Revoke invite {inviteName}?");
            await adminPage.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = $"Revoke invite {inviteName}" }).ClickAsync();
            await Assertions.Expect(adminPage.Locator("#invite-table tbody tr").Filter(new() { HasText = inviteName })).ToHaveCountAsync(0);
        }
        finally
        {
            await SetModeAsync(admin, "open");
        }
    }

    [Fact]
    public async Task Approval_mode_says_the_account_awaits_approval_and_closed_mode_shows_no_sign_up_form()
    {
        var admin = await NewAdminAsync();
        await using var adminContext = await browser.Browser.NewContextAsync();
        var adminPage = await OpenAdminViewAsync(adminContext, admin);
        await using var guestContext = await browser.Browser.NewContextAsync();
        var guest = await guestContext.NewPageAsync();
        guest.SetDefaultTimeout(Patience);
        try
        {
            await SetModeAsync(admin, "approval");
            await guest.GotoAsync(app.Host.BaseUrl.ToString());
            await guest.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
            var form = guest.Locator("#register-form");
            var username = $"waiting{Guid.NewGuid():N}"[..16];
            await FillRegisterFormAsync(form, username);
            await Assertions.Expect(form.GetByLabel("Invite code")).ToBeHiddenAsync();
            await form.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();

            await Assertions.Expect(guest.GetByRole(AriaRole.Status).Filter(new() { HasText = "awaits approval" })).ToContainTextAsync(
                $"Your account awaits approval. You can log in as {username} once an admin has activated it.");
            await Assertions.Expect(guest.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
            Assert.Null(await guest.EvaluateAsync<string?>("() => localStorage.getItem('chatbot.refresh')"));

            // The admin finds the waiting account by its status and lets it in.
            await adminPage.GetByLabel("Status").SelectOptionAsync("pending");
            await Assertions.Expect(UserRow(adminPage, username).Locator(".badge")).ToHaveTextAsync("pending");
            await UserRow(adminPage, username).GetByRole(AriaRole.Button, new() { Name = $"Activate {username}" }).ClickAsync();
            await Assertions.Expect(UserRow(adminPage, username)).ToHaveCountAsync(0);
            await LogInAsync(guest, username);
            await Assertions.Expect(guest.GetByRole(AriaRole.Button, new() { Name = "New chat" })).ToBeVisibleAsync();

            await SetModeAsync(admin, "closed");
            await using var closedContext = await browser.Browser.NewContextAsync();
            var closed = await closedContext.NewPageAsync();
            closed.SetDefaultTimeout(Patience);
            await closed.GotoAsync(app.Host.BaseUrl.ToString());
            await Assertions.Expect(closed.GetByText("Sign-ups are closed.")).ToBeVisibleAsync();
            await Assertions.Expect(closed.GetByRole(AriaRole.Button, new() { Name = "Register" })).ToBeHiddenAsync();
        }
        finally
        {
            await SetModeAsync(admin, "open");
        }
    }

    [Fact]
    public async Task The_usage_tab_draws_tokens_per_day_as_an_svg_with_one_bar_per_day()
    {
        var admin = await NewAdminAsync();
        var spender = await NewUserAsync();
        await using var userContext = await browser.Browser.NewContextAsync();
        var userPage = await SignedInPageAsync(userContext, spender);
        var prompt = $"Count my tokens {Guid.NewGuid():N}";
        app.Gemini.Default = request => GeminiReply.Text($"echo: {request.LastUserText}");
        await userPage.GetByLabel("Message", new() { Exact = true }).FillAsync(prompt);
        await userPage.GetByLabel("Message", new() { Exact = true }).PressAsync("Enter");
        await Assertions.Expect(userPage.Locator(".message .answer").Last).ToContainTextAsync($"echo: {prompt}");

        await using var adminContext = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var adminPage = await OpenAdminViewAsync(adminContext, admin);
        await adminPage.GetByRole(AriaRole.Tab, new() { Name = "Usage" }).ClickAsync();

        var chart = adminPage.Locator("#usage-chart svg[role=img]");
        await Assertions.Expect(chart.Locator("rect.bar")).ToHaveCountAsync(30);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lastBar = chart.Locator("rect.bar").Last;
        await Assertions.Expect(lastBar).ToHaveAttributeAsync("data-day", today);
        Assert.True(long.Parse((await lastBar.GetAttributeAsync("data-tokens"))!, CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse((await lastBar.GetAttributeAsync("height"))!, CultureInfo.InvariantCulture) > 0);
        await Assertions.Expect(lastBar.Locator("title")).ToContainTextAsync($"{today}:");
        await Assertions.Expect(adminPage.Locator("#top-users tbody tr").Filter(new() { HasText = spender })).ToHaveCountAsync(1);
        await adminPage.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "admin-usage.png"), FullPage = true });
    }

    [Fact]
    public async Task An_admin_sets_a_quota_and_role_and_deletes_a_user_after_a_question_that_names_them()
    {
        var admin = await NewAdminAsync();
        var user = await NewUserAsync();
        await using var adminContext = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var adminPage = await OpenAdminViewAsync(adminContext, admin);
        await FindUserAsync(adminPage, user);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = $"Details of {user}" }).ClickAsync();
        var detail = adminPage.Locator("#user-detail");
        await Assertions.Expect(detail.GetByRole(AriaRole.Heading, new() { Name = user })).ToBeVisibleAsync();
        await Assertions.Expect(detail.Locator("#user-facts")).ToContainTextAsync("This month");

        await detail.GetByLabel("Daily token quota").FillAsync("-5");
        await detail.GetByRole(AriaRole.Button, new() { Name = "Save role and quota" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Alert)).ToContainTextAsync("daily token quota");
        await detail.GetByLabel("Daily token quota").FillAsync("1500");
        await detail.GetByLabel("Role").SelectOptionAsync("admin");
        await detail.GetByRole(AriaRole.Button, new() { Name = "Save role and quota" }).ClickAsync();
        await Assertions.Expect(detail.Locator("#user-saved")).ToContainTextAsync("an admin with a daily quota of 1,500");
        await detail.GetByLabel("Daily token quota").FillAsync("");
        await detail.GetByLabel("Role").SelectOptionAsync("user");
        await detail.GetByRole(AriaRole.Button, new() { Name = "Save role and quota" }).ClickAsync();
        await Assertions.Expect(detail.Locator("#user-saved")).ToContainTextAsync("a user with the deployment's daily quota");
        Assert.Null(await app.Database.ReadAsync(db => Task.FromResult(db.Users.Single(row => row.Username == user).DailyTokenQuota)));
        await adminPage.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "admin-user.png") });

        await detail.GetByRole(AriaRole.Button, new() { Name = $"Delete {user}" }).ClickAsync();
        var dialog = adminPage.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync($"Delete the user {user} ({user}@example.com)?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(detail).ToBeVisibleAsync();

        await detail.GetByRole(AriaRole.Button, new() { Name = $"Delete {user}" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = $"Delete {user}" }).ClickAsync();
        await Assertions.Expect(detail).ToBeHiddenAsync();
        await Assertions.Expect(UserRow(adminPage, user)).ToHaveCountAsync(0);
        Assert.False(await app.Database.ReadAsync(db => Task.FromResult(db.Users.Any(row => row.Username == user))));
    }

    [Fact]
    public async Task The_audit_log_shows_what_a_stranger_typed_as_text_filtered_by_action()
    {
        var admin = await NewAdminAsync();
        const string Typed = "<img src=x onerror=\"window.pwned=1\">";
        var failed = await app.Http.PostAsJsonAsync("/login/", new { username = Typed, password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        await using var adminContext = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var adminPage = await OpenAdminViewAsync(adminContext, admin);

        await adminPage.GetByRole(AriaRole.Tab, new() { Name = "Audit log" }).ClickAsync();
        var rows = adminPage.Locator("#audit-table tbody tr");
        await Assertions.Expect(rows.First).ToContainTextAsync("login");
        await adminPage.GetByLabel("Action").SelectOptionAsync("login_failed");
        await Assertions.Expect(rows.First).ToContainTextAsync(Typed);
        await Assertions.Expect(rows.First).ToContainTextAsync("anonymous");
        foreach (var action in await rows.Locator("td:nth-child(3)").AllTextContentsAsync())
        {
            Assert.Equal("login failed", action);
        }

        Assert.Equal(0, await adminPage.Locator("#audit-table img").CountAsync());
        Assert.Null(await adminPage.EvaluateAsync<int?>("() => window.pwned ?? null"));
    }

    private static ILocator UserRow(IPage page, string username)
        => page.Locator("#user-table tbody tr").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = $"Details of {username}", Exact = true }) });

    private async Task<string> NewAdminAsync()
    {
        var username = await NewUserAsync("admin");
        await app.Database.MakeAdminAsync(username);
        return username;
    }

    private async Task<string> NewUserAsync(string prefix = "user")
    {
        var username = $"{prefix}{Guid.NewGuid():N}"[..16];
        await app.Api.NewUserAsync(username);
        return username;
    }

    private async Task<IPage> SignedInPageAsync(IBrowserContext context, string username)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        await page.GotoAsync(app.Host.BaseUrl.ToString());
        await LogInAsync(page, username);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "New chat" })).ToBeVisibleAsync();
        return page;
    }

    private async Task<IPage> OpenAdminViewAsync(IBrowserContext context, string admin)
    {
        var page = await SignedInPageAsync(context, admin);
        await page.GetByRole(AriaRole.Button, new() { Name = "Admin", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#user-table tbody tr").First).ToBeVisibleAsync();
        return page;
    }

    private static async Task LogInAsync(IPage page, string username)
    {
        var login = page.Locator("#login-form");
        await login.GetByLabel("Username").FillAsync(username);
        await login.GetByLabel("Password").FillAsync(Password);
        await login.GetByLabel("Password").PressAsync("Enter");
    }

    private static async Task FindUserAsync(IPage page, string username)
    {
        await page.GetByLabel("Search users").FillAsync(username);
        await page.GetByLabel("Search users").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#user-table tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(UserRow(page, username)).ToBeVisibleAsync();
    }

    private static async Task FillRegisterFormAsync(ILocator form, string username)
    {
        await form.GetByLabel("Username").FillAsync(username);
        await form.GetByLabel("Email").FillAsync($"{username}@example.com");
        await form.GetByLabel("Password").FillAsync(Password);
    }

    private async Task<string?> ModeAsync()
        => (await app.Http.GetFromJsonAsync<JsonElement>("/registration/")).GetProperty("registration_mode").GetString();

    /// <summary>Sets the mode through the API, as the admin: the page's own select is tested where it matters.</summary>
    private async Task SetModeAsync(string admin, string mode)
    {
        var login = await app.Http.PostAsJsonAsync("/login/", new { username = admin, password = Password });
        var access = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access").GetString();
        using var response = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Patch, "/admin/settings/", access, new { registration_mode = mode }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static List<string> WatchForProblems(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        return problems;
    }
}
