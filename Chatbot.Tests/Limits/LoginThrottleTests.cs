using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Limits;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Tests.Limits;

public sealed class LoginThrottleTests : IAsyncLifetime
{
    private const string Guesser = "198.51.100.66";
    private const string Elsewhere = "192.0.2.20";
    private const string RightPassword = "alice-password";
    private const string ChangedPassword = "alice-changed-password";

    private CoreServices core = null!;
    private long alice;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await core.DisposeAsync();

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Five_failures_lock_the_pair_for_a_minute_even_against_the_right_password(DatabaseProvider provider)
    {
        await StartWithAliceAsync(provider);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.Equal("no_active_account", (await FailedLoginAsync("alice", "wrong-guess", Guesser)).Code);
        }

        var locked = await FailedLoginAsync("alice", RightPassword, Guesser);

        AssertTooManyAttempts(locked, TimeSpan.FromMinutes(1));
        core.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.NotNull(await LoginAsync("alice", RightPassword, Guesser));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Each_further_failure_doubles_the_lock_up_to_fifteen_minutes(DatabaseProvider provider)
    {
        // A window of an hour keeps the first failures counted while the locks add up.
        await StartWithAliceAsync(provider, new() { ["Limits:LoginWindow"] = "01:00:00" });
        await FailAsync("alice", Guesser, times: 5);

        var locks = new List<TimeSpan?>();
        for (var further = 0; further < 5; further++)
        {
            var problem = await FailedLoginAsync("alice", "wrong-guess", Guesser);
            locks.Add(problem.RetryAfter);
            core.Time.Advance(problem.RetryAfter!.Value);
            await FailAsync("alice", Guesser, times: 1);
        }

        Assert.Equal([1, 2, 4, 8, 15], locks.Select(wait => wait!.Value.TotalMinutes));
        AssertTooManyAttempts(await FailedLoginAsync("alice", RightPassword, Guesser), TimeSpan.FromMinutes(15));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_successful_login_forgives_the_pairs_failures(DatabaseProvider provider)
    {
        await StartWithAliceAsync(provider);
        await FailAsync("alice", Guesser, times: 4);
        await LoginAsync("alice", RightPassword, Guesser);
        await FailAsync("alice", Guesser, times: 4);

        Assert.NotNull(await LoginAsync("alice", RightPassword, Guesser));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_real_user_on_another_address_is_not_locked_out_and_usernames_match_in_any_case(DatabaseProvider provider)
    {
        await StartWithAliceAsync(provider);
        await FailAsync("ALICE", Guesser, times: 5);

        AssertTooManyAttempts(await FailedLoginAsync("alice", RightPassword, Guesser), TimeSpan.FromMinutes(1));
        Assert.NotNull(await LoginAsync("alice", RightPassword, Elsewhere));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_address_that_fails_for_many_usernames_is_refused_for_every_username(DatabaseProvider provider)
    {
        await StartWithAliceAsync(provider, new() { ["Limits:LoginFailuresPerAddress"] = "3" });
        await FailAsync("bob", Guesser, times: 1);
        core.Time.Advance(TimeSpan.FromMinutes(5));
        await FailAsync("carol", Guesser, times: 1);
        await FailAsync("dave", Guesser, times: 1);

        // The address reopens when its oldest failure leaves the 15-minute window, 10 minutes from now.
        AssertTooManyAttempts(await FailedLoginAsync("alice", RightPassword, Guesser), TimeSpan.FromMinutes(10));
        Assert.NotNull(await LoginAsync("alice", RightPassword, Elsewhere));
        core.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.NotNull(await LoginAsync("alice", RightPassword, Guesser));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_username_longer_than_any_account_fails_with_401_and_is_counted(DatabaseProvider provider)
    {
        await StartWithAliceAsync(provider);
        var endless = new string('x', 1_000);
        await FailAsync(endless, Guesser, times: 5);

        AssertTooManyAttempts(await FailedLoginAsync(endless, "wrong-guess", Guesser), TimeSpan.FromMinutes(1));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Wrong_current_passwords_are_failed_logins_and_once_locked_password_change_and_deletion_are_refused_too(DatabaseProvider provider)
    {
        await StartWithAliceAsync(provider);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal("validation_failed", (await FailedChangeAsync("wrong-guess", Guesser)).Code);
        }

        await FailAsync("alice", Guesser, times: 1);
        Assert.Equal("validation_failed", (await FailedDeletionAsync("wrong-guess", Guesser)).Code);

        // Locked, the right password is refused before it is looked at, on every route that checks it.
        AssertTooManyAttempts(await FailedChangeAsync(RightPassword, Guesser), TimeSpan.FromMinutes(1));
        AssertTooManyAttempts(await FailedDeletionAsync(RightPassword, Guesser), TimeSpan.FromMinutes(1));
        AssertTooManyAttempts(await FailedLoginAsync("alice", RightPassword, Guesser), TimeSpan.FromMinutes(1));
        await ChangePasswordAsync(RightPassword, Elsewhere);
        Assert.Equal(1, await core.InScopeAsync<ChatbotDbContext, int>(db => db.Users.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_right_current_password_forgives_the_pairs_failures_as_a_login_does(DatabaseProvider provider)
    {
        await StartWithAliceAsync(provider);
        await FailAsync("alice", Guesser, times: 4);
        await ChangePasswordAsync(RightPassword, Guesser);
        await FailAsync("alice", Guesser, times: 4);

        Assert.NotNull(await LoginAsync("alice", ChangedPassword, Guesser));
    }

    [Fact]
    public async Task Failures_older_than_the_window_are_pruned_when_the_next_one_is_recorded()
    {
        await StartWithAliceAsync(DatabaseProvider.Sqlite);
        await FailAsync("alice", Guesser, times: 3);
        core.Time.Advance(TimeSpan.FromMinutes(15));
        await FailAsync("bob", Elsewhere, times: 1);

        var kept = await core.InScopeAsync<ChatbotDbContext, List<string>>(db => db.LoginFailures.Select(failure => failure.NormalizedUsername).ToListAsync());
        Assert.Equal(["BOB"], kept);
    }

    [Fact]
    public async Task Limits_disabled_never_refuse_a_login()
    {
        await StartWithAliceAsync(DatabaseProvider.Sqlite, new() { ["Limits:Enabled"] = "false" });
        await FailAsync("alice", Guesser, times: 12);

        Assert.NotNull(await LoginAsync("alice", RightPassword, Guesser));
        Assert.Equal(0, await core.InScopeAsync<ChatbotDbContext, int>(db => db.LoginFailures.CountAsync()));
    }

    [Theory]
    [InlineData("Limits:LoginFailuresPerUser", "0", "Limits:LoginFailuresPerUser must be at least 1, not 0.")]
    [InlineData("Limits:LoginWindow", "00:00:00", "Limits:LoginWindow must be positive, not 00:00:00.")]
    [InlineData("Limits:SearchesPerUserPerMinute", "0", "Limits:SearchesPerUserPerMinute must be at least 1, not 0.")]
    public async Task A_limit_that_cannot_work_stops_the_app_with_one_line_naming_it(string setting, string value, string message)
    {
        core = await CoreServices.StartAsync(overrides: new Dictionary<string, string?> { [setting] = value });

        var invalid = Assert.Throws<OptionsValidationException>(() => core.GetRequiredService<IOptions<LimitsOptions>>().Value);
        Assert.Equal([message], invalid.Failures);
    }

    private async Task StartWithAliceAsync(DatabaseProvider provider, Dictionary<string, string?>? settings = null)
    {
        var overrides = new Dictionary<string, string?> { ["Limits:Enabled"] = "true" };
        foreach (var (key, value) in settings ?? [])
        {
            overrides[key] = value;
        }

        core = await CoreServices.StartAsync(provider, overrides);
        alice = (await core.RegisterAsync("alice", "alice@example.com", RightPassword, Elsewhere)).Id;
    }

    private async Task FailAsync(string username, string address, int times)
    {
        for (var attempt = 0; attempt < times; attempt++)
        {
            Assert.Equal("no_active_account", (await FailedLoginAsync(username, "wrong-guess", address)).Code);
        }
    }

    private Task<ProblemException> FailedLoginAsync(string username, string password, string address)
        => Assert.ThrowsAsync<ProblemException>(() => LoginAsync(username, password, address));

    private Task<TokenPair> LoginAsync(string username, string password, string address)
        => core.LoginAsync(username, password, address);

    private Task<ProblemException> FailedChangeAsync(string currentPassword, string address)
        => Assert.ThrowsAsync<ProblemException>(() => ChangePasswordAsync(currentPassword, address));

    private Task<TokenPair> ChangePasswordAsync(string currentPassword, string address)
        => core.InScopeAsync<AccountLifecycle, TokenPair>(lifecycle => lifecycle.ChangePasswordAsync(alice, currentPassword, ChangedPassword, address, default));

    private Task<ProblemException> FailedDeletionAsync(string currentPassword, string address)
        => Assert.ThrowsAsync<ProblemException>(() => core.InScopeAsync<AccountLifecycle>(lifecycle => lifecycle.DeleteAsync(alice, currentPassword, address, default)));

    private static void AssertTooManyAttempts(ProblemException problem, TimeSpan retryAfter)
        => Assert.Equal((ProblemKind.TooManyRequests, "too_many_attempts", retryAfter), (problem.Kind, problem.Code, problem.RetryAfter));
}
