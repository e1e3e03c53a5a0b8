using Chatbot.Core.Auth;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Operators;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Fixtures;

/// <summary>
/// What the sign-up tests set up and read beside Core's services: an account's status or role set in the database (as
/// an admin's PATCH would), the registration mode and invites as an admin makes them, and the audit log's lines.
/// </summary>
internal static class CoreSignUp
{
    public static Task SetAccountStatusAsync(this CoreServices core, long userId, AccountStatus status)
        => core.InScopeAsync<ChatbotDbContext>(db => db.Users.Where(user => user.Id == userId)
            .ExecuteUpdateAsync(setters => setters.SetProperty(user => user.Status, status)));

    /// <summary>Makes the user an active admin in the database, as the CLI would.</summary>
    public static Task PromoteToAdminAsync(this CoreServices core, long userId)
        => core.InScopeAsync<ChatbotDbContext>(db => db.Users.Where(user => user.Id == userId)
            .ExecuteUpdateAsync(setters => setters.SetProperty(user => user.Role, UserRole.Admin).SetProperty(user => user.Status, AccountStatus.Active)));

    /// <summary>A new active admin, for the routes only an admin calls.</summary>
    public static async Task<long> NewAdminAsync(this CoreServices core, string name)
    {
        var id = (await core.RegisterAsync(name, $"{name}@example.com", $"{name}-password")).Id;
        await core.PromoteToAdminAsync(id);
        return id;
    }

    /// <summary>A page that holds any list a test makes.</summary>
    public static readonly PageRequest AllInvites = new(PageRequest.MaxLimit, null, null);

    public static AdminActor AdminCalling(long adminId) => new(adminId, CoreServices.ClientAddress);

    public static Task<DeploymentSettingsDto> SetRegistrationModeAsync(this CoreServices core, long adminId, string? mode)
        => core.InScopeAsync<RegistrationSettings, DeploymentSettingsDto>(settings => settings.UpdateAsync(AdminCalling(adminId), mode, default));

    public static Task<RegistrationMode> RegistrationModeAsync(this CoreServices core)
        => core.InScopeAsync<RegistrationSettings, RegistrationMode>(settings => settings.GetModeAsync(default));

    public static Task<NewInviteDto> CreateInviteAsync(this CoreServices core, long adminId, int? uses = null, int? expiresInDays = null)
        => core.InScopeAsync<Invites, NewInviteDto>(invites => invites.CreateAsync(AdminCalling(adminId), uses, expiresInDays, default));

    public static Task<Page<InviteDto>> ListInvitesAsync(this CoreServices core, PageRequest page)
        => core.InScopeAsync<Invites, Page<InviteDto>>(invites => invites.ListAsync(page, default));

    public static Task RevokeInviteAsync(this CoreServices core, long adminId, long inviteId)
        => core.InScopeAsync<Invites>(invites => invites.RevokeAsync(AdminCalling(adminId), inviteId, default));

    public static Task<int> InviteUsesLeftAsync(this CoreServices core, long inviteId)
        => core.InScopeAsync<ChatbotDbContext, int>(db => db.InviteCodes.Where(invite => invite.Id == inviteId).Select(invite => invite.UsesLeft).SingleAsync());

    /// <summary>Every line of the audit log, oldest first, read as the database holds it.</summary>
    public static Task<List<AuditEntry>> AuditLinesAsync(this CoreServices core)
        => core.InScopeAsync<ChatbotDbContext, List<AuditEntry>>(db => db.AuditLog.AsNoTracking().OrderBy(entry => entry.Id).ToListAsync());

    public static Task<User> StoredUserAsync(this CoreServices core, long userId)
        => core.InScopeAsync<ChatbotDbContext, User>(db => db.Users.AsNoTracking().SingleAsync(user => user.Id == userId));
}
