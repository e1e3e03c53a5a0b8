using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Chatbot.Tests.Auth;

/// <summary>A login's tokens: how long each lives, rotation on refresh, a replay ending the login, verify.</summary>
public sealed class LoginTokensTests : CoreTest
{
    [Fact]
    public async Task An_access_token_works_for_30_minutes_and_then_expires()
    {
        var user = await Core.RegisterAsync("erin", "erin@example.com", "erin-password");
        var pair = await Core.LoginAsync("erin", "erin-password");

        Core.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(user.Id, (await Core.AuthenticateAsync(pair.Access))?.Id);

        Core.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await Core.AuthenticateAsync(pair.Access));
    }

    [Fact]
    public async Task A_refresh_token_expires_after_30_days()
    {
        await Core.RegisterAsync("frank", "frank@example.com", "frank-password");
        var pair = await Core.LoginAsync("frank", "frank-password");

        Core.Time.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));

        var problem = await Assert.ThrowsAsync<ProblemException>(() => Core.RefreshAsync(pair.Refresh));
        Assert.Equal("token_not_valid", problem.Code);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Refresh_rotates_the_pair_and_the_new_tokens_work(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await Core.RegisterAsync("gina", "gina@example.com", "gina-password");
        var first = await Core.LoginAsync("gina", "gina-password");

        var second = await Core.RefreshAsync(first.Refresh);
        var third = await Core.RefreshAsync(second.Refresh);

        Assert.NotEqual(first.Refresh, second.Refresh);
        Assert.NotNull(await Core.AuthenticateAsync(third.Access));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Refresh_with_a_reused_token_revokes_the_whole_family(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await Core.RegisterAsync("hank", "hank@example.com", "hank-password");
        var stolen = await Core.LoginAsync("hank", "hank-password");
        var rotated = await Core.RefreshAsync(stolen.Refresh);

        var replay = await Assert.ThrowsAsync<ProblemException>(() => Core.RefreshAsync(stolen.Refresh));
        var descendant = await Assert.ThrowsAsync<ProblemException>(() => Core.RefreshAsync(rotated.Refresh));

        Assert.Equal("token_not_valid", replay.Code);
        Assert.Equal("token_not_valid", descendant.Code);
        Assert.Contains(Core.Logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("reuse", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Revoking_one_family_leaves_the_users_other_logins_alone(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await Core.RegisterAsync("iris", "iris@example.com", "iris-password");
        var phone = await Core.LoginAsync("iris", "iris-password");
        var laptop = await Core.LoginAsync("iris", "iris-password");
        await Core.RefreshAsync(phone.Refresh);

        await Assert.ThrowsAsync<ProblemException>(() => Core.RefreshAsync(phone.Refresh));

        Assert.NotNull(await Core.RefreshAsync(laptop.Refresh));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Concurrent_refreshes_of_one_token_let_exactly_one_win(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await Core.RegisterAsync("jack", "jack@example.com", "jack-password");
        var pair = await Core.LoginAsync("jack", "jack-password");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                await Core.RefreshAsync(pair.Refresh);
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
        await Core.RegisterAsync("kate", "kate@example.com", "kate-password");
        var pair = await Core.LoginAsync("kate", "kate-password");

        var stored = await Core.InScopeAsync<ChatbotDbContext, string>(db => db.RefreshTokens.Select(token => token.TokenHash).SingleAsync());
        Assert.Equal(64, stored.Length);
        Assert.DoesNotContain(stored, pair.Refresh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_access_token_cannot_refresh_and_a_refresh_token_cannot_authenticate()
    {
        await Core.RegisterAsync("liam", "liam@example.com", "liam-password");
        var pair = await Core.LoginAsync("liam", "liam-password");

        await Assert.ThrowsAsync<ProblemException>(() => Core.RefreshAsync(pair.Access));
        Assert.Null(await Core.AuthenticateAsync(pair.Refresh));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Verify_accepts_live_tokens_of_both_kinds_and_rejects_a_spent_refresh_token(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await Core.RegisterAsync("mona", "mona@example.com", "mona-password");
        var pair = await Core.LoginAsync("mona", "mona-password");

        await Core.InScopeAsync<LoginTokens>(tokens => tokens.VerifyAsync(pair.Access, default));
        await Core.InScopeAsync<LoginTokens>(tokens => tokens.VerifyAsync(pair.Refresh, default));
        await Core.RefreshAsync(pair.Refresh);

        var problem = await Assert.ThrowsAsync<ProblemException>(
            () => Core.InScopeAsync<LoginTokens>(tokens => tokens.VerifyAsync(pair.Refresh, default)));
        Assert.Equal("token_not_valid", problem.Code);
    }
}
