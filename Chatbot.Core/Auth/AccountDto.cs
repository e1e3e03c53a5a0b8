namespace Chatbot.Core.Auth;

/// <summary>The caller's own account, as <c>GET /me/</c> shows it.</summary>
public sealed record AccountDto(long Id, string Username, string Email, DateTime DateJoined);
