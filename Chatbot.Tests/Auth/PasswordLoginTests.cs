using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Auth;

/// <summary>Signing in with a password: one answer for every failure, any letter case, a stored hash brought up to the work factor.</summary>
public sealed class PasswordLoginTests : CoreTest
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Login_stores_again_a_hash_made_at_another_work_factor_and_the_password_still_works(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await Core.RegisterAsync("alice", "alice@example.com", "s3cret-pass");
        // As if the account was created while the setting was 5; the tests run at 4.
        await Core.InScopeAsync<ChatbotDbContext>(db => db.Users.ExecuteUpdateAsync(
            setters => setters.SetProperty(user => user.PasswordHash, BCrypt.Net.BCrypt.EnhancedHashPassword("s3cret-pass", 5))));

        await Core.LoginAsync("alice", "s3cret-pass");

        var stored = await Core.InScopeAsync<ChatbotDbContext, string>(db => db.Users.Select(user => user.PasswordHash).SingleAsync());
        Assert.StartsWith("$2a$04$", stored, StringComparison.Ordinal);
        Assert.NotNull(await Core.LoginAsync("alice", "s3cret-pass"));
        await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("alice", "wrong-pass"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Login_fails_alike_for_a_wrong_password_and_an_unknown_user(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await Core.RegisterAsync("carol", "carol@example.com", "right-password");

        var wrongPassword = await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("carol", "wrong-password"));
        var unknownUser = await Assert.ThrowsAsync<ProblemException>(() => Core.LoginAsync("nobody", "right-password"));

        Assert.Equal(ProblemKind.Unauthorized, wrongPassword.Kind);
        Assert.Equal((wrongPassword.Kind, wrongPassword.Code, wrongPassword.Message), (unknownUser.Kind, unknownUser.Code, unknownUser.Message));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Login_is_case_insensitive_in_the_username(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await Core.RegisterAsync("Dave", "dave@example.com", "dave-password");

        var pair = await Core.LoginAsync("dave", "dave-password");

        Assert.NotNull(await Core.AuthenticateAsync(pair.Access));
    }
}
