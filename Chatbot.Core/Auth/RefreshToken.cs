namespace Chatbot.Core.Auth;

/// <summary>
/// One issued refresh token, stored by the SHA-256 of its <c>jti</c> so a database leak yields no usable token.
/// Every token descended from one login shares a <see cref="FamilyId"/>: reuse of a spent token revokes the family.
/// </summary>
public sealed class RefreshToken
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public Guid FamilyId { get; set; }

    public required string TokenHash { get; set; }

    public DateTime IssuedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    /// <summary>Set when the token was exchanged; a second exchange is a replay.</summary>
    public DateTime? UsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
