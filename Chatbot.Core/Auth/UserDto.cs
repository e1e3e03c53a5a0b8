namespace Chatbot.Core.Auth;

/// <summary>A user as the API shows it: never the password or its hash.</summary>
public sealed record UserDto(long Id, string Username, string Email);
