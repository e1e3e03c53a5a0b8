namespace Chatbot.Core.Operators;

/// <summary>A new invite as <c>POST /admin/invites/</c> answers it: the only time its <see cref="Code"/> is shown.</summary>
public sealed record NewInviteDto(long Id, string Code, int UsesLeft, DateTime ExpiresAt);
