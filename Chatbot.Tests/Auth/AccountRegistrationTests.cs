using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Tests.Auth;

/// <summary>Creating an account: the fields it checks, the names it refuses, how it stores the password.</summary>
public sealed class AccountRegistrationTests : CoreTest
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Register_returns_the_user_and_accepts_the_README_example_password(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var user = await Core.RegisterAsync("testuser", "test@example.com", "testpass");

        Assert.True(user.Id > 0);
        Assert.Equal("testuser", user.Username);
        Assert.Equal("test@example.com", user.Email);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Passwords_are_stored_as_bcrypt_hashes_never_in_plain_text(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await Core.RegisterAsync("alice", "alice@example.com", "s3cret-pass");

        var stored = await Core.InScopeAsync<ChatbotDbContext, string>(db => db.Users.Select(user => user.PasswordHash).SingleAsync());
        Assert.DoesNotContain("s3cret-pass", stored, StringComparison.Ordinal);
        Assert.StartsWith("$2", stored, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4", "false", "Passwords:WorkFactor is 4; BCrypt below 10 is too cheap to guess against (set 10 or more).")]
    [InlineData("9", null, "Passwords:WorkFactor is 9; BCrypt below 10 is too cheap to guess against (set 10 or more).")]
    public async Task A_work_factor_below_10_stops_the_app_with_one_line(string workFactor, string? allowWeak, string message)
    {
        await UseAsync(overrides: new Dictionary<string, string?>
        {
            ["Passwords:WorkFactor"] = workFactor,
            ["Passwords:AllowWeakWorkFactor"] = allowWeak,
        });

        var invalid = Assert.Throws<OptionsValidationException>(() => Core.GetRequiredService<IOptions<PasswordOptions>>().Value);
        Assert.Contains(message, invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_work_factor_of_10_starts()
    {
        await UseAsync(overrides: new Dictionary<string, string?>
        {
            ["Passwords:WorkFactor"] = "10",
            ["Passwords:AllowWeakWorkFactor"] = "false",
        });

        Assert.Equal(10, Core.GetRequiredService<IOptions<PasswordOptions>>().Value.WorkFactor);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Register_refuses_a_username_taken_in_any_letter_case(DatabaseProvider provider)
    {
        await UseAsync(provider);
        await Core.RegisterAsync("Alice", "a@example.com", "password1");

        var problem = await Assert.ThrowsAsync<ProblemException>(() => Core.RegisterAsync("aLICE", "b@example.com", "password2"));

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
        var problem = await Assert.ThrowsAsync<ProblemException>(() => Core.RegisterAsync(username, email, password));

        Assert.Equal(ProblemKind.Validation, problem.Kind);
        Assert.Equal([field], problem.Errors!.Keys);
    }

    [Fact]
    public async Task Register_rejects_a_password_over_128_characters_and_a_username_over_150()
    {
        var problem = await Assert.ThrowsAsync<ProblemException>(() => Core.RegisterAsync(new string('u', 151), "u@example.com", new string('p', 129)));

        Assert.Equal(["password", "username"], problem.Errors!.Keys.Order());
    }
}
