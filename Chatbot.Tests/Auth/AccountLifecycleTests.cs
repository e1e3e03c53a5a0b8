using Chatbot.Core.Auth;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chatbot.Tests.Auth;

public sealed class AccountLifecycleTests : CoreTest
{
    private const string Password = "first-password";
    private const string Email = "someone@example.com";

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Me_shows_the_account_with_the_day_it_joined(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var user = await RegisterAsync("nora");

        var account = await Lifecycle(lifecycle => lifecycle.GetAsync(user.Id, default));

        Assert.Equal(new AccountDto(user.Id, "nora", Email, Core.Time.GetUtcNow().UtcDateTime, "user", "active"), account);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Logout_ends_the_login_its_refresh_token_belongs_to_and_no_other(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await RegisterAsync("olga");
        var phone = await LoginAsync("olga");
        var laptop = await LoginAsync("olga");
        var rotated = await RefreshAsync(phone.Refresh);

        await Lifecycle(lifecycle => lifecycle.LogoutAsync(rotated.Refresh, CoreServices.ClientAddress, default));

        await AssertRefusedAsync(phone, rotated);
        Assert.NotNull(await AuthenticateAsync(laptop.Access));
        Assert.NotNull(await RefreshAsync(laptop.Refresh));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-jwt")]
    public async Task Logout_names_a_missing_field_and_refuses_a_bad_token(string refresh)
    {
        var problem = await Assert.ThrowsAsync<ProblemException>(() => Lifecycle(lifecycle => lifecycle.LogoutAsync(refresh, CoreServices.ClientAddress, default)));

        Assert.Equal(refresh == "" ? "validation_failed" : "token_not_valid", problem.Code);
    }

    [Fact]
    public async Task Logout_refuses_a_token_whose_login_already_ended_and_an_access_token()
    {
        await RegisterAsync("pia");
        var pair = await LoginAsync("pia");
        await Lifecycle(lifecycle => lifecycle.LogoutAsync(pair.Refresh, CoreServices.ClientAddress, default));

        var again = await Assert.ThrowsAsync<ProblemException>(() => Lifecycle(lifecycle => lifecycle.LogoutAsync(pair.Refresh, CoreServices.ClientAddress, default)));
        var access = await Assert.ThrowsAsync<ProblemException>(() => Lifecycle(lifecycle => lifecycle.LogoutAsync(pair.Access, CoreServices.ClientAddress, default)));

        Assert.Equal(("token_not_valid", ProblemKind.Unauthorized), (again.Code, again.Kind));
        Assert.Equal("token_not_valid", access.Code);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Logout_everywhere_ends_every_login_of_the_user_only(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var user = await RegisterAsync("quinn");
        await RegisterAsync("other");
        var phone = await LoginAsync("quinn");
        var laptop = await LoginAsync("quinn");
        var stranger = await LoginAsync("other");

        await Lifecycle(lifecycle => lifecycle.LogoutEverywhereAsync(user.Id, CoreServices.ClientAddress));

        await AssertRefusedAsync(phone, laptop);
        Assert.NotNull(await AuthenticateAsync(stranger.Access));
        Assert.NotNull(await RefreshAsync(stranger.Refresh));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_password_change_gives_a_fresh_pair_and_ends_every_other_login(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var user = await RegisterAsync("rosa");
        var current = await LoginAsync("rosa");
        var elsewhere = await LoginAsync("rosa");

        var fresh = await Lifecycle(lifecycle => lifecycle.ChangePasswordAsync(user.Id, Password, "second-password", CoreServices.ClientAddress, default));

        await AssertRefusedAsync(current, elsewhere);
        Assert.Equal(user.Id, (await AuthenticateAsync(fresh.Access))?.Id);
        Assert.NotNull(await RefreshAsync(fresh.Refresh));
        await Assert.ThrowsAsync<ProblemException>(() => LoginAsync("rosa"));
        Assert.NotNull(await LoginAsync("rosa", "second-password"));
    }

    [Theory]
    [InlineData("wrong-password", "second-password", "current_password")]
    [InlineData("", "second-password", "current_password")]
    [InlineData(Password, "short", "new_password")]
    [InlineData(Password, "12345678901", "new_password")]
    [InlineData(Password, "SAMUEL.S", "new_password")]
    public async Task A_password_change_names_the_field_that_is_wrong_and_changes_nothing(string current, string next, string field)
    {
        var user = await RegisterAsync("samuel.s");
        var pair = await LoginAsync("samuel.s");

        var problem = await Assert.ThrowsAsync<ProblemException>(
            () => Lifecycle(lifecycle => lifecycle.ChangePasswordAsync(user.Id, current, next, CoreServices.ClientAddress, default)));

        Assert.Equal(ProblemKind.Validation, problem.Kind);
        Assert.Equal([field], problem.Errors!.Keys);
        Assert.NotNull(await RefreshAsync(pair.Refresh));
        Assert.NotNull(await LoginAsync("samuel.s"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Deleting_the_account_erases_its_rows_and_kills_its_tokens(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var user = await RegisterAsync("tara");
        var keeper = await RegisterAsync("uma");
        var pair = await LoginAsync("tara");
        await Core.InScopeAsync<ChatSessionService, ChatSessionDto>(sessions => sessions.CreateAsync(user.Id, new SessionSettings("Mine", null, null), default));
        await Core.InScopeAsync<ChatSessionService, ChatSessionDto>(sessions => sessions.CreateAsync(keeper.Id, new SessionSettings("Theirs", null, null), default));
        var otherInstance = NewInstanceCache();
        await otherInstance.IsRevokedAsync(Guid.NewGuid());

        await Lifecycle(lifecycle => lifecycle.DeleteAsync(user.Id, Password, CoreServices.ClientAddress, default));

        var left = await Core.InScopeAsync<ChatbotDbContext, (int, int, int)>(async db => (
            await db.Users.CountAsync(row => row.Id == user.Id),
            await db.ChatSessions.CountAsync(row => row.UserId == user.Id),
            await db.RefreshTokens.CountAsync(row => row.UserId == user.Id)));
        Assert.Equal((0, 0, 0), left);
        Assert.Equal(1, await Core.InScopeAsync<ChatbotDbContext, int>(db => db.ChatSessions.CountAsync()));
        await AssertRefusedAsync(pair);
        Core.Time.Advance(RevokedFamilyCache.RefreshInterval);
        Assert.True(await otherInstance.IsRevokedAsync(await FamilyOfAsync(pair.Access)));
    }

    [Theory]
    [InlineData("wrong-password")]
    [InlineData("")]
    public async Task Deleting_the_account_needs_the_current_password(string current)
    {
        var user = await RegisterAsync("vera");

        var problem = await Assert.ThrowsAsync<ProblemException>(() => Lifecycle(lifecycle => lifecycle.DeleteAsync(user.Id, current, CoreServices.ClientAddress, default)));

        Assert.Equal(["current_password"], problem.Errors!.Keys);
        Assert.Equal(1, await Core.InScopeAsync<ChatbotDbContext, int>(db => db.Users.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Another_instance_refuses_a_revoked_familys_access_token_after_its_next_look(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await RegisterAsync("wes");
        var pair = await LoginAsync("wes");
        var family = await FamilyOfAsync(pair.Access);
        var otherInstance = NewInstanceCache();
        Assert.False(await otherInstance.IsRevokedAsync(family));

        await Lifecycle(lifecycle => lifecycle.LogoutAsync(pair.Refresh, CoreServices.ClientAddress, default));

        // Within the interval the other instance has not looked again; at the interval it has.
        Assert.False(await otherInstance.IsRevokedAsync(family));
        Core.Time.Advance(RevokedFamilyCache.RefreshInterval);
        Assert.True(await otherInstance.IsRevokedAsync(family));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task After_a_refresh_race_no_token_of_the_family_works_not_even_the_winners(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await RegisterAsync("xena");
        var pair = await LoginAsync("xena");
        var otherInstance = NewInstanceCache();
        await otherInstance.IsRevokedAsync(Guid.NewGuid());

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                return await RefreshAsync(pair.Refresh);
            }
            catch (ProblemException)
            {
                return null;
            }
        }));

        var winners = results.OfType<TokenPair>().ToList();
        Assert.Single(winners);
        await AssertRefusedAsync([pair, .. winners]);
        Core.Time.Advance(RevokedFamilyCache.RefreshInterval);
        Assert.True(await otherInstance.IsRevokedAsync(await FamilyOfAsync(winners[0].Access)));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Usernames_collide_after_NFKC_and_case_folding_and_keep_their_typed_form(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var first = await RegisterAsync("\uFF41dmin");

        foreach (var lookalike in new[] { "admin", "Admin", "\uFF21\uFF24\uFF2D\uFF29\uFF2E" })
        {
            var problem = await Assert.ThrowsAsync<ProblemException>(() => RegisterAsync(lookalike));
            Assert.Equal(["A user with that username already exists."], problem.Errors!["username"]);
        }

        Assert.Equal("\uFF41dmin", first.Username);
        Assert.NotNull(await LoginAsync("ADMIN"));

        // Not only the fullwidth block: NFKC folds ligatures, circled letters and other compatibility forms too.
        await RegisterAsync("\uFB01le");
        var ligature = await Assert.ThrowsAsync<ProblemException>(() => RegisterAsync("FILE"));
        Assert.Equal(["A user with that username already exists."], ligature.Errors!["username"]);
    }

    private RevokedFamilyCache NewInstanceCache()
        => new(Core.GetRequiredService<IServiceScopeFactory>(), Core.GetRequiredService<IOptions<JwtOptions>>(), Core.Time);

    private async Task<Guid> FamilyOfAsync(string token)
        => (await Core.GetRequiredService<JwtTokenService>().ValidateAsync(token, TokenType.Access, TokenType.Refresh))!.FamilyId;

    private async Task AssertRefusedAsync(params TokenPair[] pairs)
    {
        foreach (var pair in pairs)
        {
            Assert.Null(await AuthenticateAsync(pair.Access));
            var refresh = await Assert.ThrowsAsync<ProblemException>(() => RefreshAsync(pair.Refresh));
            Assert.Equal("token_not_valid", refresh.Code);
        }
    }

    private Task<T> Lifecycle<T>(Func<AccountLifecycle, Task<T>> work) => Core.InScopeAsync(work);

    private Task Lifecycle(Func<AccountLifecycle, Task> work) => Core.InScopeAsync(work);

    private Task<UserDto> RegisterAsync(string username) => Core.RegisterAsync(username, Email, Password);

    private Task<TokenPair> LoginAsync(string username, string password = Password) => Core.LoginAsync(username, password);

    private Task<TokenPair> RefreshAsync(string refresh) => Core.RefreshAsync(refresh);

    private Task<AuthenticatedUser?> AuthenticateAsync(string access) => Core.AuthenticateAsync(access);
}
