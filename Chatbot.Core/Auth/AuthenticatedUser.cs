namespace Chatbot.Core.Auth;

/// <summary>The caller behind a valid access token.</summary>
public sealed record AuthenticatedUser(long Id);
