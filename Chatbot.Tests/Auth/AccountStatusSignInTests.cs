using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.Auth;

/// <summary>Only active accounts sign in, and nothing in the answer tells an inactive account from a wrong password.</summary>
public sealed class AccountStatusSignInTests : CoreTest
{
    private static readonly (ProblemKind, string, string) WrongPasswordAnswer =
        (ProblemKind.Unauthorized, "no_active_account", "No active account found with the given credentials");

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Pending_and_deactivated_accounts_get_the_answer_of_a_wrong_password_until_made_active(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var penny = (await Core.RegisterAsync("penny", "penny@example.com", "penny-password")).Id;
        var dave = (await Core.RegisterAsync("dave", "dave@example.com", "dave-password")).Id;
        await Core.SetAccountStatusAsync(penny, AccountStatus.Pending);
        await Core.SetAccountStatusAsync(dave, AccountStatus.Deactivated);

        var wrong = await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("penny", "not-her-password"));
        var pending = await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("penny", "penny-password"));
        var deactivated = await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("dave", "dave-password"));

        Assert.Equal(WrongPasswordAnswer, (wrong.Kind, wrong.Code, wrong.Message));
        Assert.Equal(WrongPasswordAnswer, (pending.Kind, pending.Code, pending.Message));
        Assert.Equal(WrongPasswordAnswer, (deactivated.Kind, deactivated.Code, deactivated.Message));
        await Core.SetAccountStatusAsync(penny, AccountStatus.Active);
        Assert.NotNull(await Core.LoginAsync("penny", "penny-password"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_right_password_of_a_deactivated_account_counts_as_a_failed_login(DatabaseProvider provider)
    {
        await UseAsync(provider, new Dictionary<string, string?> { ["Limits:Enabled"] = "true" });
        var dave = (await Core.RegisterAsync("dave", "dave@example.com", "dave-password")).Id;
        await Core.SetAccountStatusAsync(dave, AccountStatus.Deactivated);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.Equal("no_active_account", (await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("dave", "dave-password"))).Code);
        }

        // Had the right password reset the count, a guesser would learn from the lock coming late that it was right.
        var locked = await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("dave", "dave-password"));
        Assert.Equal("too_many_attempts", locked.Code);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_refresh_is_refused_once_the_account_is_no_longer_active(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var nora = (await Core.RegisterAsync("nora", "nora@example.com", "nora-password")).Id;
        var first = await Core.LoginAsync("nora", "nora-password");
        var second = await Core.LoginAsync("nora", "nora-password");

        await Core.SetAccountStatusAsync(nora, AccountStatus.Deactivated);
        var deactivated = await Assert.ThrowsAsync<ProblemException>(() => Core.RefreshAsync(first.Refresh));
        await Core.SetAccountStatusAsync(nora, AccountStatus.Pending);
        var pending = await Assert.ThrowsAsync<ProblemException>(() => Core.RefreshAsync(second.Refresh));

        var expected = (ProblemKind.Unauthorized, "no_active_account", "No active account found for the given token.");
        Assert.Equal(expected, (deactivated.Kind, deactivated.Code, deactivated.Message));
        Assert.Equal(expected, (pending.Kind, pending.Code, pending.Message));
        await Core.SetAccountStatusAsync(nora, AccountStatus.Active);
        Assert.NotNull(await Core.RefreshAsync(second.Refresh));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_login_keeps_its_time_as_the_last_login_and_a_failed_one_does_not(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var olga = (await Core.RegisterAsync("olga", "olga@example.com", "olga-password")).Id;
        Assert.Null((await Core.StoredUserAsync(olga)).LastLoginAt);

        Core.Time.Advance(TimeSpan.FromHours(3));
        await Core.LoginAsync("olga", "olga-password");
        var loggedInAt = Core.Time.GetUtcNow().UtcDateTime;
        Core.Time.Advance(TimeSpan.FromHours(1));
        await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("olga", "wrong-password"));

        Assert.Equal(loggedInAt, (await Core.StoredUserAsync(olga)).LastLoginAt);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_account_shows_its_role_and_status_by_their_API_names(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var pia = (await Core.RegisterAsync("pia", "pia@example.com", "pia-password")).Id;

        var before = await Core.InScopeAsync<AccountLifecycle, AccountDto>(accounts => accounts.GetAsync(pia, default));
        await Core.PromoteToAdminAsync(pia);
        var after = await Core.InScopeAsync<AccountLifecycle, AccountDto>(accounts => accounts.GetAsync(pia, default));

        Assert.Equal(("user", "active"), (before.Role, before.Status));
        Assert.Equal(("admin", "active"), (after.Role, after.Status));
    }
}
