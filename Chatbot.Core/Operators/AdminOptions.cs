namespace Chatbot.Core.Operators;

/// <summary>Settings <c>Admin__…</c>: what the admin routes may do on this deployment.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>
    /// Whether admins may list, read and delete other users' chats (<c>Admin__ChatAccess</c>, on by default, as the
    /// original's Django admin did). Off, the three chat routes answer 404 and no admin route shows message text.
    /// </summary>
    public bool ChatAccess { get; set; } = true;

    /// <summary>
    /// <c>Admin__BootstrapToken</c>: what claims the first admin over HTTP (<see cref="AdminBootstrap"/>). Unset or blank
    /// turns <c>POST /admin/bootstrap/</c> off (404).
    /// </summary>
    public string? BootstrapToken { get; set; }
}
