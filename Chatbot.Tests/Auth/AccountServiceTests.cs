using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chatbot.Tests.Auth;

public sealed class AccountServiceTests : IAsyncLifetime
{
    private CoreServices core = null!;

    public async Task InitializeAsync() => core = await CoreServices.StartAsync();

    public async Task DisposeAsync() => await core.DisposeAsync();

    /// <summary>Swaps the default SQLite database for a fresh one on <paramref name="provider"/>.</summary>
    private async Task UseAsync(DatabaseProvider provider)
    {
        await core.DisposeAsync();
        core = await CoreServices.StartAsync(provider);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Register_returns_the_user_and_accepts_the_README_example_password(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var user = await RegisterAsync("testuser", "test@example.com", "testpass");

        Assert.True(user.Id > 0);
        Assert.Equal("testuser", user.Username);
        Assert.Equal("test@example.com", user.Email);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Passwords_are_stored_as_bcrypt_hashes_never_in_plain_text(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await RegisterAsync("alice", "alice@example.com", "s3cret-pass");

        var stored = await core.InScopeAsync<ChatbotDbContext, string>(db => db.Users.Select(user => user.PasswordHash).SingleAsync());
        Assert.DoesNotContain("s3cret-pass", stored, StringComparison.Ordinal);
        Assert.StartsWith("$2", stored, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Login_stores_again_a_hash_made_at_another_work_factor_and_the_password_still_works(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await RegisterAsync("alice", "alice@example.com", "s3cret-pass");
        // As if the account was created while the setting was 5; the tests run at 4.
        await core.InScopeAsync<ChatbotDbContext>(db => db.Users.ExecuteUpdateAsync(
            setters => setters.SetProperty(user => user.PasswordHash, BCrypt.Net.BCrypt.EnhancedHashPassword("s3cret-pass", 5))));

        await LoginAsync("alice", "s3cret-pass");

        var stored = await core.InScopeAsync<ChatbotDbContext, string>(db => db.Users.Select(user => user.PasswordHash).SingleAsync());
        Assert.StartsWith("$2a$04$", stored, StringComparison.Ordinal);
        Assert.NotNull(await LoginAsync("alice", "s3cret-pass"));
        await Assert.ThrowsAsync<ProblemException>(() => LoginAsync("alice", "wrong-pass"));
    }

    [Theory]
    [InlineData("4", "false", "Passwords:WorkFactor is 4; BCrypt below 10 is too cheap to guess against (set 10 or more).")]
    [InlineData("9", null, "Passwords:WorkFactor is 9; BCrypt below 10 is too cheap to guess against (set 10 or more).")]
    public async Task A_work_factor_below_10_stops_the_app_with_one_line(string workFactor, string? allowWeak, string message)
    {
        await core.DisposeAsync();
        core = await CoreServices.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Passwords:WorkFactor"] = workFactor,
            ["Passwords:AllowWeakWorkFactor"] = allowWeak,
        });

        var invalid = Assert.Throws<OptionsValidationException>(() => core.GetRequiredService<IOptions<PasswordOptions>>().Value);
        Assert.Contains(message, invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_work_factor_of_10_starts()
    {
        await core.DisposeAsync();
        core = await CoreServices.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Passwords:WorkFactor"] = "10",
            ["Passwords:AllowWeakWorkFactor"] = "false",
        });

        Assert.Equal(10, core.GetRequiredService<IOptions<PasswordOptions>>().Value.WorkFactor);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Register_refuses_a_username_taken_in_any_letter_case(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await RegisterAsync("Alice", "a@example.com", "password1");

        var problem = await Assert.ThrowsAsync<ProblemException>(() => RegisterAsync("aLICE", "b@example.com", "password2"));

        Assert.Equal(ProblemKind.Validation, problem.Kind);
        Assert.Equal(["A user with that username already exists."], problem.Errors!["username"]);
    }

    [Theory]
    [InlineData("has space", "a@example.com", "password1", "username")]
    [InlineData("", "a@example.com", "password1", "username")]
    [InlineData("bob", "not-an-email", "password1", "email")]
    [InlineData("bob", "Bob <bob@example.com>", "password1", "email")]
    [InlineData("bob", "bob@example.com", "short", "password")]
    [InlineData("bob", "bob@example.com", "1234567890", "password")]
    [InlineData("bobby.b", "bob@example.com", "BOBBY.B", "password")]
    public async Task Register_names_the_invalid_field(string username, string email, string password, string field)
    {
        var problem = await Assert.ThrowsAsync<ProblemException>(() => RegisterAsync(username, email, password));

        Assert.Equal(ProblemKind.Validation, problem.Kind);
        Assert.Equal([field], problem.Errors!.Keys);
    }

    [Fact]
    public async Task Register_rejects_a_password_over_128_characters_and_a_username_over_150()
    {
        var problem = await Assert.ThrowsAsync<ProblemException>(() => RegisterAsync(new string('u', 151), "u@example.com", new string('p', 129)));

        Assert.Equal(["password", "username"], problem.Errors!.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Login_fails_alike_for_a_wrong_password_and_an_unknown_user(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await RegisterAsync("carol", "carol@example.com", "right-password");

        var wrongPassword = await Assert.ThrowsAsync<ProblemException>(() => LoginAsync("carol", "wrong-password"));
        var unknownUser = await Assert.ThrowsAsync<ProblemException>(() => LoginAsync("nobody", "right-password"));

        Assert.Equal(ProblemKind.Unauthorized, wrongPassword.Kind);
        Assert.Equal((wrongPassword.Kind, wrongPassword.Code, wrongPassword.Message), (unknownUser.Kind, unknownUser.Code, unknownUser.Message));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Login_is_case_insensitive_in_the_username(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await RegisterAsync("Dave", "dave@example.com", "dave-password");

        var pair = await LoginAsync("dave", "dave-password");

        Assert.NotNull(await AuthenticateAsync(pair.Access));
    }

    [Fact]
    public async Task An_access_token_works_for_30_minutes_and_then_expires()
    {
        var user = await RegisterAsync("erin", "erin@example.com", "erin-password");
        var pair = await LoginAsync("erin", "erin-password");

        core.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(user.Id, (await AuthenticateAsync(pair.Access))?.Id);

        core.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await AuthenticateAsync(pair.Access));
    }

    [Fact]
    public async Task A_refresh_token_expires_after_30_days()
    {
        await RegisterAsync("frank", "frank@example.com", "frank-password");
        var pair = await LoginAsync("frank", "frank-password");

        core.Time.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));

        var problem = await Assert.ThrowsAsync<ProblemException>(() => RefreshAsync(pair.Refresh));
        Assert.Equal("token_not_valid", problem.Code);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Refresh_rotates_the_pair_and_the_new_tokens_work(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await RegisterAsync("gina", "gina@example.com", "gina-password");
        var first = await LoginAsync("gina", "gina-password");

        var second = await RefreshAsync(first.Refresh);
        var third = await RefreshAsync(second.Refresh);

        Assert.NotEqual(first.Refresh, second.Refresh);
        Assert.NotNull(await AuthenticateAsync(third.Access));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Refresh_with_a_reused_token_revokes_the_whole_family(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await RegisterAsync("hank", "hank@example.com", "hank-password");
        var stolen = await LoginAsync("hank", "hank-password");
        var rotated = await RefreshAsync(stolen.Refresh);

        var replay = await Assert.ThrowsAsync<ProblemException>(() => RefreshAsync(stolen.Refresh));
        var descendant = await Assert.ThrowsAsync<ProblemException>(() => RefreshAsync(rotated.Refresh));

        Assert.Equal("token_not_valid", replay.Code);
        Assert.Equal("token_not_valid", descendant.Code);
        Assert.Contains(core.Logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("reuse", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Revoking_one_family_leaves_the_users_other_logins_alone(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await RegisterAsync("iris", "iris@example.com", "iris-password");
        var phone = await LoginAsync("iris", "iris-password");
        var laptop = await LoginAsync("iris", "iris-password");
        await RefreshAsync(phone.Refresh);

        await Assert.ThrowsAsync<ProblemException>(() => RefreshAsync(phone.Refresh));

        Assert.NotNull(await RefreshAsync(laptop.Refresh));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Concurrent_refreshes_of_one_token_let_exactly_one_win(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await RegisterAsync("jack", "jack@example.com", "jack-password");
        var pair = await LoginAsync("jack", "jack-password");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                await RefreshAsync(pair.Refresh);
                return true;
            }
            catch (ProblemException)
            {
                return false;
            }
        }));

        Assert.Equal(1, attempts.Count(won => won));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Refresh_tokens_are_stored_as_digests_only(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await RegisterAsync("kate", "kate@example.com", "kate-password");
        var pair = await LoginAsync("kate", "kate-password");

        var stored = await core.InScopeAsync<ChatbotDbContext, string>(db => db.RefreshTokens.Select(token => token.TokenHash).SingleAsync());
        Assert.Equal(64, stored.Length);
        Assert.DoesNotContain(stored, pair.Refresh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_access_token_cannot_refresh_and_a_refresh_token_cannot_authenticate()
    {
        await RegisterAsync("liam", "liam@example.com", "liam-password");
        var pair = await LoginAsync("liam", "liam-password");

        await Assert.ThrowsAsync<ProblemException>(() => RefreshAsync(pair.Access));
        Assert.Null(await AuthenticateAsync(pair.Refresh));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Verify_accepts_live_tokens_of_both_kinds_and_rejects_a_spent_refresh_token(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await RegisterAsync("mona", "mona@example.com", "mona-password");
        var pair = await LoginAsync("mona", "mona-password");

        await core.InScopeAsync<AccountService>(accounts => accounts.VerifyAsync(pair.Access, default));
        await core.InScopeAsync<AccountService>(accounts => accounts.VerifyAsync(pair.Refresh, default));
        await RefreshAsync(pair.Refresh);

        var problem = await Assert.ThrowsAsync<ProblemException>(
            () => core.InScopeAsync<AccountService>(accounts => accounts.VerifyAsync(pair.Refresh, default)));
        Assert.Equal("token_not_valid", problem.Code);
    }

    private Task<UserDto> RegisterAsync(string username, string email, string password)
        => core.InScopeAsync<AccountService, UserDto>(accounts => accounts.RegisterAsync(username, email, password, CoreServices.ClientAddress, default));

    private Task<TokenPair> LoginAsync(string username, string password)
        => core.InScopeAsync<AccountService, TokenPair>(accounts => accounts.LoginAsync(username, password, CoreServices.ClientAddress, default));

    private Task<TokenPair> RefreshAsync(string refresh)
        => core.InScopeAsync<AccountService, TokenPair>(accounts => accounts.RefreshAsync(refresh, default));

    private Task<AuthenticatedUser?> AuthenticateAsync(string access)
        => core.InScopeAsync<AccountService, AuthenticatedUser?>(accounts => accounts.AuthenticateAsync(access));
}
