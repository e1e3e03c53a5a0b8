using Chatbot.Core.Data;

namespace Chatbot.Core.Operators;

/// <summary>
/// Writes the audit log (<see cref="AuditEntry"/>). <see cref="Add"/> joins the caller's unit of work, so an admin's
/// change and its line are saved together or not at all; <see cref="RecordAsync"/> saves at once, for events whose
/// line must be kept whatever the caller does next (a failed login). Lines are never updated or deleted.
/// </summary>
public sealed class AuditLog(ChatbotDbContext db, TimeProvider time)
{
    /// <summary>The actor who acted, as the line keeps it: an id and the username it had then.</summary>
    public readonly record struct Actor(long? Id, string? Username)
    {
        public static readonly Actor Anonymous = new(null, null);
    }

    /// <summary>The line, tracked and saved with the caller's next <c>SaveChangesAsync</c>.</summary>
    public AuditEntry Add(
        Actor actor, string action, string? targetType = null, string? targetId = null, string? address = null, string? detail = null)
    {
        var entry = new AuditEntry
        {
            At = time.GetDatabaseNow(),
            ActorId = actor.Id,
            ActorUsername = actor.Username,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Address = address is null ? null : Limits.ClientAddresses.Fit(address),
            Detail = detail is { Length: > MaxDetailLength } ? detail[..MaxDetailLength] : detail,
        };
        db.AuditLog.Add(entry);
        return entry;
    }

    /// <summary>Saves the line now; not cancellable, since the event happened whether or not the caller waits.</summary>
    public async Task RecordAsync(
        Actor actor, string action, string? targetType = null, string? targetId = null, string? address = null, string? detail = null)
    {
        Add(actor, action, targetType, targetId, address, detail);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private const int MaxDetailLength = 2000;
}
