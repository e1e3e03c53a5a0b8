namespace Chatbot.Core.Operators;

/// <summary>
/// One line of the append-only audit log: an admin's action or a sign-in event. The actor and the target are kept by
/// value (ids and the actor's username, no foreign keys), so a line outlives the accounts and sessions it names.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    /// <summary>Who acted; null for an anonymous caller (a failed login of an unknown username).</summary>
    public long? ActorId { get; set; }

    public string? ActorUsername { get; set; }

    /// <summary>What happened, one of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>What it happened to: <c>user</c>, <c>chatsession</c>, <c>invite</c> or <c>settings</c>; null when nothing.</summary>
    public string? TargetType { get; set; }

    public string? TargetId { get; set; }

    /// <summary>The client address the action came from.</summary>
    public string? Address { get; set; }

    /// <summary>What changed, in words or as a small JSON object.</summary>
    public string? Detail { get; set; }
}
