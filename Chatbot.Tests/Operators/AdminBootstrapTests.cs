using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Operators;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Operators;

/// <summary>Claiming the first admin with <c>Admin__BootstrapToken</c>: right, wrong, unset, and once an admin exists.</summary>
public sealed class AdminBootstrapTests : CoreTest
{
    private const string Token = "the-bootstrap-token-from-key-vault";

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_right_token_makes_the_caller_an_active_admin_and_writes_it_down(DatabaseProvider provider)
    {
        await StartAsync(provider);
        var ada = (await Core.RegisterAsync("ada", "ada@example.com", "ada-password")).Id;

        var account = await ClaimAsync(ada, Token);

        Assert.Equal(("admin", "active"), (account.Role, account.Status));
        Assert.Equal(UserRole.Admin, (await Core.StoredUserAsync(ada)).Role);
        var line = (await Core.AuditLinesAsync()).Single(entry => entry.Action == AuditActions.Bootstrap);
        Assert.Equal((ada, "ada", "user", CoreServices.ClientAddress), (line.ActorId!.Value, line.ActorUsername, line.TargetType, line.Address));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Once_an_active_admin_exists_the_token_is_answered_409_admin_exists(DatabaseProvider provider)
    {
        await StartAsync(provider);
        var ada = (await Core.RegisterAsync("ada", "ada@example.com", "ada-password")).Id;
        var bob = (await Core.RegisterAsync("bob", "bob@example.com", "bob-password")).Id;
        await ClaimAsync(ada, Token);

        var exists = await Assert.ThrowsAsync<ProblemException>(() => ClaimAsync(bob, Token));

        Assert.Equal((ProblemKind.Conflict, "admin_exists"), (exists.Kind, exists.Code));
        Assert.Equal(UserRole.User, (await Core.StoredUserAsync(bob)).Role);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_wrong_token_is_403_and_a_failed_login_and_five_of_them_lock_the_address_out(DatabaseProvider provider)
    {
        await StartAsync(provider, new Dictionary<string, string?> { ["Limits:Enabled"] = "true" });
        var mallory = (await Core.RegisterAsync("mallory", "mallory@example.com", "mallory-password")).Id;

        for (var guess = 0; guess < 5; guess++)
        {
            var wrong = await Assert.ThrowsAsync<ProblemException>(() => ClaimAsync(mallory, $"guess-{guess}"));
            Assert.Equal((ProblemKind.Forbidden, "invalid_bootstrap_token"), (wrong.Kind, wrong.Code));
        }

        var locked = await Assert.ThrowsAsync<ProblemException>(() => ClaimAsync(mallory, Token));
        var elsewhere = await ClaimAsync(mallory, Token, "192.0.2.77");

        Assert.Equal((ProblemKind.TooManyRequests, "too_many_attempts"), (locked.Kind, locked.Code));
        Assert.Equal("admin", elsewhere.Role);
        var failures = await Core.InScopeAsync<ChatbotDbContext, List<string>>(db => db.LoginFailures
            .Where(failure => failure.ClientAddress == CoreServices.ClientAddress).Select(failure => failure.NormalizedUsername).ToListAsync());
        Assert.Equal(Enumerable.Repeat(AdminBootstrap.ThrottleName, 5), failures);
        var lines = (await Core.AuditLinesAsync()).Where(line => line.Action is AuditActions.LoginFailed or AuditActions.LoginLocked).ToList();
        Assert.Equal([.. Enumerable.Repeat(AuditActions.LoginFailed, 5), AuditActions.LoginLocked], lines.Select(line => line.Action));
        Assert.All(lines, line => Assert.Equal(mallory, line.ActorId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Without_a_token_set_the_route_is_404_whatever_is_sent(string? setting)
    {
        await StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Admin:BootstrapToken"] = setting });
        var ada = (await Core.RegisterAsync("ada", "ada@example.com", "ada-password")).Id;

        var right = await Assert.ThrowsAsync<ProblemException>(() => ClaimAsync(ada, setting ?? ""));
        var missing = await Assert.ThrowsAsync<ProblemException>(() => ClaimAsync(ada, null));

        Assert.Equal((ProblemKind.NotFound, "not_found"), (right.Kind, right.Code));
        Assert.Equal((ProblemKind.NotFound, "not_found"), (missing.Kind, missing.Code));
        Assert.Equal([AuditActions.Registered], (await Core.AuditLinesAsync()).Select(line => line.Action));
    }

    [Fact]
    public async Task A_missing_token_is_a_validation_error_not_a_guess()
    {
        await StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Limits:Enabled"] = "true" });
        var ada = (await Core.RegisterAsync("ada", "ada@example.com", "ada-password")).Id;

        var missing = await Assert.ThrowsAsync<ProblemException>(() => ClaimAsync(ada, null));

        Assert.Equal(["This field is required."], missing.Errors!["token"]);
        Assert.Empty(await Core.InScopeAsync<ChatbotDbContext, List<long>>(db => db.LoginFailures.Select(failure => failure.Id).ToListAsync()));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Of_claims_made_at_once_by_several_users_exactly_one_wins(DatabaseProvider provider)
    {
        await StartAsync(provider);
        var users = new List<long>();
        for (var index = 0; index < 4; index++)
        {
            users.Add((await Core.RegisterAsync($"claimer{index}", $"claimer{index}@example.com", "claimer-password")).Id);
        }

        var outcomes = await Task.WhenAll(users.Select(async user =>
        {
            try
            {
                return (await ClaimAsync(user, Token)).Role;
            }
            catch (ProblemException conflict) when (conflict.Code == "admin_exists")
            {
                return conflict.Code;
            }
        }));

        Assert.Equal(["admin", "admin_exists", "admin_exists", "admin_exists"], outcomes.Order());
        Assert.Equal(1, await Core.InScopeAsync<ChatbotDbContext, int>(db => db.Users.CountAsync(user => user.Role == UserRole.Admin)));
    }

    private Task StartAsync(DatabaseProvider provider, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?> { ["Admin:BootstrapToken"] = Token };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        return UseAsync(provider, settings);
    }

    private Task<AccountDto> ClaimAsync(long userId, string? token, string clientAddress = CoreServices.ClientAddress)
        => Core.InScopeAsync<AdminBootstrap, AccountDto>(bootstrap => bootstrap.ClaimAsync(userId, token, clientAddress, default));
}
