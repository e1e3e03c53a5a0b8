namespace Chatbot.Core.Operators;

/// <summary>The actions the audit log records; clients filter by these names (<c>GET /admin/audit/?action=</c>).</summary>
public static class AuditActions
{
    public const string Login = "login";
    public const string LoginFailed = "login_failed";
    public const string LoginLocked = "login_locked";
    public const string Logout = "logout";
    public const string LogoutEverywhere = "logout_everywhere";
    public const string PasswordChanged = "password_changed";
    public const string AccountDeleted = "account_deleted";
    public const string Registered = "registered";

    public const string UserUpdated = "user_updated";
    public const string UserDeleted = "user_deleted";
    public const string ChatRead = "chat_read";
    public const string SessionDeleted = "session_deleted";
    public const string InviteCreated = "invite_created";
    public const string InviteRevoked = "invite_revoked";
    public const string SettingsChanged = "settings_changed";
    public const string Bootstrap = "bootstrap";
    public const string SuperuserCreated = "superuser_created";
    public const string PasswordReset = "password_reset";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Login, LoginFailed, LoginLocked, Logout, LogoutEverywhere, PasswordChanged, AccountDeleted, Registered,
        UserUpdated, UserDeleted, ChatRead, SessionDeleted, InviteCreated, InviteRevoked, SettingsChanged, Bootstrap,
        SuperuserCreated, PasswordReset,
    };
}
