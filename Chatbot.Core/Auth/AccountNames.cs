namespace Chatbot.Core.Auth;

/// <summary>
/// The names <see cref="UserRole"/> and <see cref="AccountStatus"/> values have in the API (lower case, as clients
/// send and filter by them); the database stores the enums' own names.
/// </summary>
public static class AccountNames
{
    public static IReadOnlyList<string> Roles { get; } = Enum.GetValues<UserRole>().Select(Name).ToArray();

    public static IReadOnlyList<string> Statuses { get; } = Enum.GetValues<AccountStatus>().Select(Name).ToArray();

    public static string Name(UserRole role) => role switch
    {
        UserRole.User => "user",
        UserRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a role."),
    };

    public static string Name(AccountStatus status) => status switch
    {
        AccountStatus.Active => "active",
        AccountStatus.Pending => "pending",
        AccountStatus.Deactivated => "deactivated",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not an account status."),
    };

    /// <summary>The role named exactly <paramref name="name"/>; false for anything else, null included.</summary>
    public static bool TryParseRole(string? name, out UserRole role)
    {
        role = Enum.GetValues<UserRole>().FirstOrDefault(candidate => Name(candidate) == name);
        return name is not null && Name(role) == name;
    }

    /// <summary>The status named exactly <paramref name="name"/>; false for anything else, null included.</summary>
    public static bool TryParseStatus(string? name, out AccountStatus status)
    {
        status = Enum.GetValues<AccountStatus>().FirstOrDefault(candidate => Name(candidate) == name);
        return name is not null && Name(status) == name;
    }

    public static string RoleProblem => $"Must be one of: {string.Join(", ", Roles)}.";

    public static string StatusProblem => $"Must be one of: {string.Join(", ", Statuses)}.";
}
