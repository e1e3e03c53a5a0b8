namespace Chatbot.Core.Auth;

/// <summary>What a validated token says about itself.</summary>
public sealed record TokenClaims(long UserId, string TokenId, string Type, DateTime ExpiresAt, Guid FamilyId);
