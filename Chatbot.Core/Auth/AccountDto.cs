namespace Chatbot.Core.Auth;

/// <summary>
/// The caller's own account, as <c>GET /me/</c> shows it; <see cref="Role"/> and <see cref="Status"/> by their API names
/// (<see cref="AccountNames"/>).
/// </summary>
public sealed record AccountDto(long Id, string Username, string Email, DateTime DateJoined, string Role, string Status);
