using System.Linq.Expressions;

namespace Chatbot.Core.Operators;

/// <summary>
/// One audit line as <c>GET /admin/audit/</c> shows it. <c>actor</c> is the acting user's id (null for an anonymous
/// caller), as <c>user</c> is elsewhere in the API, with the username it had then; the ids stay after the accounts go.
/// </summary>
public sealed record AuditEntryDto(
    long Id, DateTime At, long? Actor, string? ActorUsername, string Action, string? TargetType, string? TargetId, string? Address, string? Detail)
{
    public static readonly Expression<Func<AuditEntry, AuditEntryDto>> Projection = entry => new AuditEntryDto(
        entry.Id, entry.At, entry.ActorId, entry.ActorUsername, entry.Action, entry.TargetType, entry.TargetId, entry.Address, entry.Detail);
}
