using Chatbot.Core.Auth;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Operators;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Fixtures;

/// <summary>What an admin does with Core's operator services, each step in its own scope as one request would be.</summary>
internal static class CoreOperators
{
    /// <summary>A new active admin. Made in the database directly, as the CLI and the bootstrap route would.</summary>
    public static async Task<long> AdminAsync(this CoreServices core, string name)
    {
        var id = (await core.RegisterAsync(name, $"{name}@example.com", $"{name}-password")).Id;
        await core.SetRoleAsync(id, UserRole.Admin);
        return id;
    }

    public static Task SetRoleAsync(this CoreServices core, long userId, UserRole role)
        => core.InScopeAsync<ChatbotDbContext>(db => db.Users.Where(user => user.Id == userId)
            .ExecuteUpdateAsync(setters => setters.SetProperty(user => user.Role, role)));

    public static Task<AdminUserDetailDto> UpdateUserAsync(
        this CoreServices core, long admin, long userId, string? role = null, string? status = null, Sent<long?>? quota = null)
        => core.InScopeAsync<UserAdministration, AdminUserDetailDto>(administration => administration.UpdateAsync(
            Actor(admin), userId, new UserChanges(role is null ? null : new(role), status is null ? null : new(status), quota), default));

    public static Task DeleteUserAsync(this CoreServices core, long admin, long userId)
        => core.InScopeAsync<UserAdministration>(administration => administration.DeleteAsync(Actor(admin), userId, default));

    public static Task<AdminUserDetailDto> GetUserAsync(this CoreServices core, long userId)
        => core.InScopeAsync<UserDirectory, AdminUserDetailDto>(directory => directory.GetAsync(userId, default));

    public static Task<Page<AdminUserDto>> ListUsersAsync(this CoreServices core, UserFilter filter, PageRequest? page = null)
        => core.InScopeAsync<UserDirectory, Page<AdminUserDto>>(directory => directory.ListAsync(filter, page ?? AllInOnePage, default));

    public static Task<Page<AuditEntryDto>> AuditAsync(this CoreServices core, AuditFilter? filter = null, PageRequest? page = null)
        => core.InScopeAsync<AuditQueries, Page<AuditEntryDto>>(audit => audit.ListAsync(filter ?? new AuditFilter(null, null), page ?? AllInOnePage, default));

    /// <summary>The log without the <c>registered</c> lines that making the test's users writes.</summary>
    public static async Task<List<AuditEntryDto>> AuditWithoutRegistrationsAsync(this CoreServices core)
        => (await core.AuditAsync()).Items.Where(line => line.Action != AuditActions.Registered).ToList();

    public static AdminActor Actor(long admin) => new(admin, CoreServices.ClientAddress);

    public static readonly PageRequest AllInOnePage = new(PageRequest.MaxLimit, null, null);
}
