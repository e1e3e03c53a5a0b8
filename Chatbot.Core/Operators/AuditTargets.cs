using System.Globalization;

namespace Chatbot.Core.Operators;

/// <summary>What an audit line's <see cref="AuditEntry.TargetType"/> names, and how its <see cref="AuditEntry.TargetId"/> is written.</summary>
public static class AuditTargets
{
    public const string User = "user";
    public const string ChatSession = "chatsession";
    public const string Invite = "invite";
    public const string Settings = "settings";

    /// <summary>An id as <see cref="AuditEntry.TargetId"/> holds it (and <c>?user=</c> looks it up).</summary>
    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
