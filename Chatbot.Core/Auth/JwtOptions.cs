namespace Chatbot.Core.Auth;

/// <summary>Settings under <c>Jwt:</c>. Keys are base64 of at least 32 random bytes (HS256 wants 256 bits).</summary>
public sealed class JwtOptions
{
    public const string SectionName = "Jwt";
    public const int MinimumKeyBytes = 32;

    public string? SigningKey { get; set; }

    /// <summary>The key before the last roll: tokens it signed stay valid until they expire.</summary>
    public string? PreviousSigningKey { get; set; }

    public string Issuer { get; set; } = "chatbot";

    public string Audience { get; set; } = "chatbot-api";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
