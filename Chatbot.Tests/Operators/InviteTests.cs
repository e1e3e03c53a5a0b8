using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Operators;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Operators;

/// <summary>Registering by invite: a code is shown once, stored as a digest, used up, expires, and can be revoked.</summary>
public sealed class InviteTests : CoreTest
{
    private const string NotValid = "This invite code is not valid: it may have expired or been used up.";

    private long admin;

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_single_use_code_registers_one_account_and_then_no_other(DatabaseProvider provider)
    {
        await StartInInviteModeAsync(provider);
        var invite = await Core.CreateInviteAsync(admin);

        var first = await Core.RegisterAsync("ivy", "ivy@example.com", "ivy-password", inviteCode: invite.Code);
        var second = await Assert.ThrowsAsync<ProblemException>(() => Core.RegisterAsync("jack", "jack@example.com", "jack-password", inviteCode: invite.Code));

        Assert.Equal("active", first.Status);
        Assert.Equal([NotValid], second.Errors!["invite_code"]);
        Assert.Equal(0, await Core.InviteUsesLeftAsync(invite.Id));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_code_made_for_three_uses_registers_three_accounts(DatabaseProvider provider)
    {
        await StartInInviteModeAsync(provider);
        var invite = await Core.CreateInviteAsync(admin, uses: 3);

        foreach (var name in new[] { "one", "two", "three" })
        {
            await Core.RegisterAsync(name, $"{name}@example.com", $"{name}-password", inviteCode: invite.Code);
        }

        await Assert.ThrowsAsync<ProblemException>(() => Core.RegisterAsync("four", "four@example.com", "four-password", inviteCode: invite.Code));
        Assert.Equal(3, invite.UsesLeft);
        Assert.Equal(0, await Core.InviteUsesLeftAsync(invite.Id));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_code_works_until_it_expires(DatabaseProvider provider)
    {
        await StartInInviteModeAsync(provider);
        var invite = await Core.CreateInviteAsync(admin, uses: 2, expiresInDays: 2);

        Assert.Equal(Core.Time.GetUtcNow().UtcDateTime.AddDays(2), invite.ExpiresAt);
        Core.Time.Advance(TimeSpan.FromDays(2) - TimeSpan.FromSeconds(1));
        await Core.RegisterAsync("early", "early@example.com", "early-password", inviteCode: invite.Code);
        Core.Time.Advance(TimeSpan.FromSeconds(1));
        var late = await Assert.ThrowsAsync<ProblemException>(() => Core.RegisterAsync("late", "late@example.com", "late-password", inviteCode: invite.Code));

        Assert.Equal([NotValid], late.Errors!["invite_code"]);
        Assert.Equal(1, await Core.InviteUsesLeftAsync(invite.Id));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_revoked_code_registers_nobody_and_revoking_an_unknown_invite_is_404(DatabaseProvider provider)
    {
        await StartInInviteModeAsync(provider);
        var invite = await Core.CreateInviteAsync(admin, uses: 5);

        await Core.RevokeInviteAsync(admin, invite.Id);
        var refused = await Assert.ThrowsAsync<ProblemException>(() => Core.RegisterAsync("ivy", "ivy@example.com", "ivy-password", inviteCode: invite.Code));
        var again = await Assert.ThrowsAsync<ProblemException>(() => Core.RevokeInviteAsync(admin, invite.Id));

        Assert.Equal([NotValid], refused.Errors!["invite_code"]);
        Assert.Equal((ProblemKind.NotFound, "not_found"), (again.Kind, again.Code));
        var lines = (await Core.AuditLinesAsync()).Where(line => line.TargetType == "invite").ToList();
        Assert.Equal([AuditActions.InviteCreated, AuditActions.InviteRevoked], lines.Select(line => line.Action));
        Assert.All(lines, line => Assert.Equal((admin, invite.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), CoreServices.ClientAddress),
            (line.ActorId!.Value, line.TargetId, line.Address)));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_missing_or_wrong_code_is_an_error_on_invite_code_and_counts_as_an_attempt(DatabaseProvider provider)
    {
        await StartInInviteModeAsync(provider, new Dictionary<string, string?>
        {
            ["Limits:Enabled"] = "true",
            ["Limits:RegistrationsPerAddressPerHour"] = "2",
        });

        var missing = await Assert.ThrowsAsync<ProblemException>(() => Core.RegisterAsync("ivy", "ivy@example.com", "ivy-password", "192.0.2.50"));
        var wrong = await Assert.ThrowsAsync<ProblemException>(
            () => Core.RegisterAsync("ivy", "ivy@example.com", "ivy-password", "192.0.2.50", inviteCode: "not-a-code"));
        var limited = await Assert.ThrowsAsync<ProblemException>(
            () => Core.RegisterAsync("ivy", "ivy@example.com", "ivy-password", "192.0.2.50", inviteCode: "another-guess"));

        Assert.Equal(["This field is required."], missing.Errors!["invite_code"]);
        Assert.Equal([NotValid], wrong.Errors!["invite_code"]);
        Assert.Equal("too_many_registrations", limited.Code);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_registration_refused_for_a_taken_name_gives_the_use_back(DatabaseProvider provider)
    {
        await StartInInviteModeAsync(provider);
        var invite = await Core.CreateInviteAsync(admin);

        var taken = await Assert.ThrowsAsync<ProblemException>(() => Core.RegisterAsync("root", "r@example.com", "another-password", inviteCode: invite.Code));

        Assert.True(taken.Errors!.ContainsKey("username"));
        Assert.Equal(1, await Core.InviteUsesLeftAsync(invite.Id));
        await Core.RegisterAsync("ivy", "ivy@example.com", "ivy-password", inviteCode: invite.Code);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Two_registrations_at_once_with_one_single_use_code_make_exactly_one_account(DatabaseProvider provider)
    {
        await StartInInviteModeAsync(provider);
        for (var round = 0; round < 5; round++)
        {
            var invite = await Core.CreateInviteAsync(admin);

            var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(async racer =>
            {
                try
                {
                    await Core.RegisterAsync($"racer{round}x{racer}", $"racer{round}x{racer}@example.com", "racer-password", inviteCode: invite.Code);
                    return "created";
                }
                catch (ProblemException refused) when (refused.Errors?.ContainsKey("invite_code") == true)
                {
                    return "refused";
                }
            }));

            Assert.Equal(["created", "refused"], attempts.Order());
            Assert.Equal(0, await Core.InviteUsesLeftAsync(invite.Id));
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_code_is_shown_once_and_stored_only_as_its_SHA_256(DatabaseProvider provider)
    {
        await StartInInviteModeAsync(provider);

        var invite = await Core.CreateInviteAsync(admin);

        Assert.Matches("^[A-Za-z0-9_-]{32}$", invite.Code);
        var stored = await Core.InScopeAsync<ChatbotDbContext, string>(db => db.InviteCodes.Select(code => code.CodeHash).SingleAsync());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(invite.Code))), stored);
        var listed = Assert.Single((await Core.ListInvitesAsync(CoreSignUp.AllInvites)).Items);
        Assert.Equal(new InviteDto(invite.Id, 1, invite.ExpiresAt, Core.Time.GetUtcNow().UtcDateTime, admin), listed);
        var line = (await Core.AuditLinesAsync()).Single(entry => entry.Action == AuditActions.InviteCreated);
        Assert.DoesNotContain(invite.Code, line.Detail!, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Invites_are_listed_newest_first_in_pages(DatabaseProvider provider)
    {
        await StartInInviteModeAsync(provider);
        var ids = new List<long>();
        for (var index = 0; index < 5; index++)
        {
            ids.Add((await Core.CreateInviteAsync(admin)).Id);
        }

        var first = await Core.ListInvitesAsync(new PageRequest(2, null, null));
        var second = await Core.ListInvitesAsync(new PageRequest(2, null, first.Items[^1].Id));
        var back = await Core.ListInvitesAsync(new PageRequest(2, second.Items[0].Id, null));

        Assert.Equal([ids[4], ids[3]], first.Items.Select(invite => invite.Id));
        Assert.Equal((false, true), (first.HasPrevious, first.HasNext));
        Assert.Equal([ids[2], ids[1]], second.Items.Select(invite => invite.Id));
        Assert.Equal((true, true), (second.HasPrevious, second.HasNext));
        Assert.Equal(first.Items.Select(invite => invite.Id), back.Items.Select(invite => invite.Id));
    }

    [Theory]
    [InlineData(0, null, "uses")]
    [InlineData(1001, null, "uses")]
    [InlineData(-5, null, "uses")]
    [InlineData(null, 0, "expires_in_days")]
    [InlineData(null, 366, "expires_in_days")]
    public async Task Uses_and_days_out_of_range_are_named_in_a_validation_error(int? uses, int? days, string field)
    {
        await StartInInviteModeAsync(DatabaseProvider.Sqlite);

        var problem = await Assert.ThrowsAsync<ProblemException>(() => Core.CreateInviteAsync(admin, uses, days));

        Assert.Equal([field], problem.Errors!.Keys);
        Assert.Empty(await Core.InScopeAsync<ChatbotDbContext, List<long>>(db => db.InviteCodes.Select(invite => invite.Id).ToListAsync()));
    }

    [Fact]
    public async Task Without_uses_and_days_an_invite_is_for_one_use_for_7_days()
    {
        await StartInInviteModeAsync(DatabaseProvider.Sqlite);

        var invite = await Core.CreateInviteAsync(admin);
        var line = (await Core.AuditLinesAsync()).Single(entry => entry.Action == AuditActions.InviteCreated);

        Assert.Equal((1, Core.Time.GetUtcNow().UtcDateTime.AddDays(7)), (invite.UsesLeft, invite.ExpiresAt));
        Assert.Equal(1, JsonDocument.Parse(line.Detail!).RootElement.GetProperty("uses_left").GetInt32());
    }

    /// <summary>A fresh Core in <c>invite</c> mode, with its admin ("root", registered before the mode closed the door).</summary>
    private async Task StartInInviteModeAsync(DatabaseProvider provider, Dictionary<string, string?>? overrides = null)
    {
        await UseAsync(provider, overrides);
        admin = await Core.NewAdminAsync("root");
        await Core.SetRegistrationModeAsync(admin, "invite");
    }
}
