namespace Chatbot.Core.Operators;

/// <summary>An invite as <c>GET /admin/invites/</c> lists it: never its code. <c>created_by</c> is the admin's id.</summary>
public sealed record InviteDto(long Id, int UsesLeft, DateTime ExpiresAt, DateTime CreatedAt, long? CreatedBy);
