namespace Chatbot.Core.Auth;

/// <summary>
/// A new account as <c>/register/</c> answers it: never the password or its hash. <see cref="Status"/> is
/// <c>pending</c> while the deployment wants an admin's approval first, else <c>active</c>.
/// </summary>
public sealed record UserDto(long Id, string Username, string Email, string Status);
