namespace Chatbot.Core.Auth;

public sealed record IssuedToken(string Token, string TokenId, DateTime IssuedAt, DateTime ExpiresAt);
