using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Chatbot.Core.Auth;

/// <summary>Signs and validates our HS256 JWTs. Stateless: what needs the database lives in <see cref="LoginTokens"/>.</summary>
public sealed class JwtTokenService
{
    /// <summary>Real tokens are a few hundred bytes; refusing huge ones bounds the work a stranger can cause.</summary>
    private const int MaxTokenLength = 4096;

    /// <summary>The OpenID "session id" claim carries the token family.</summary>
    private const string FamilyClaim = "sid";

    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly JwtOptions options;
    private readonly TimeProvider time;
    private readonly SigningCredentials credentials;
    private readonly TokenValidationParameters validation;
    private readonly ValidatedTokenCache validated = new();

    public JwtTokenService(IOptions<JwtOptions> options, TimeProvider time)
    {
        this.options = options.Value;
        this.time = time;
        var current = CreateKey(this.options.SigningKey);
        credentials = new SigningCredentials(current, SecurityAlgorithms.HmacSha256);
        validation = new TokenValidationParameters
        {
            ValidIssuer = this.options.Issuer,
            ValidAudience = this.options.Audience,
            IssuerSigningKeys = string.IsNullOrWhiteSpace(this.options.PreviousSigningKey)
                ? [current]
                : [current, CreateKey(this.options.PreviousSigningKey)],
            // Pinning the algorithm is what shuts out "alg: none" and algorithm-confusion tokens.
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            ValidateLifetime = true,
            // Our clock, not DateTime.UtcNow, decides expiry: tests move it, and it is one clock for issue and check.
            LifetimeValidator = (notBefore, expires, _, _) => IsWithinLifetime(notBefore, expires),
        };
    }

    /// <summary>A signed token of <paramref name="type"/>; <paramref name="familyId"/> (the <c>sid</c> claim) names the login it descends from, so revoking that login reaches it.</summary>
    public IssuedToken Issue(long userId, string type, Guid familyId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var expires = now + (type == TokenType.Access ? options.AccessTokenLifetime : options.RefreshTokenLifetime);
        var tokenId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = userId.ToString(CultureInfo.InvariantCulture),
                [JwtRegisteredClaimNames.Jti] = tokenId,
                ["token_type"] = type,
                [FamilyClaim] = familyId.ToString("N"),
            },
        });
        return new IssuedToken(token, tokenId, now, expires);
    }

    /// <summary>The token's claims when it is well-formed, signed by one of our keys, unexpired and of an accepted type; otherwise null.</summary>
    public async Task<TokenClaims?> ValidateAsync(string? token, params string[] acceptedTypes)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        if (!validated.TryGet(token, out var genuine))
        {
            genuine = await ValidateSignedTokenAsync(token);
            if (genuine is null)
            {
                return null;
            }

            validated.Remember(token, genuine);
        }

        // Expiry is never taken from the cache: it is the one check whose answer changes with time.
        return IsWithinLifetime(genuine.NotBefore, genuine.Expires) && acceptedTypes.Contains(genuine.Claims.Type)
            ? genuine.Claims
            : null;
    }

    /// <summary>The full check: signature, issuer, audience, lifetime and the claims we need; null when any fails.</summary>
    private async Task<ValidatedToken?> ValidateSignedTokenAsync(string token)
    {
        var result = await handler.ValidateTokenAsync(token, validation);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return null;
        }

        var type = jwt.TryGetPayloadValue<string>("token_type", out var typeClaim) ? typeClaim : null;
        var validSubject = long.TryParse(jwt.Subject, NumberStyles.None, CultureInfo.InvariantCulture, out var userId);
        // A token without a family could never be revoked, so it is not one of ours.
        var familyId = Guid.Empty;
        var validFamily = jwt.TryGetPayloadValue<string>(FamilyClaim, out var familyClaim) && Guid.TryParseExact(familyClaim, "N", out familyId);
        if (!validSubject || !validFamily || type is null || string.IsNullOrEmpty(jwt.Id))
        {
            return null;
        }

        // JsonWebToken reports DateTime.MinValue for an absent nbf; the lifetime check reads that as "no lower bound".
        DateTime? notBefore = jwt.ValidFrom == DateTime.MinValue ? null : jwt.ValidFrom;
        return new ValidatedToken(new TokenClaims(userId, jwt.Id, type, jwt.ValidTo, familyId), notBefore, jwt.ValidTo);
    }

    /// <summary>How refresh tokens are stored: a digest of the token id, never the token.</summary>
    public static string HashTokenId(string tokenId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tokenId)));

    private static SymmetricSecurityKey CreateKey(string? base64)
    {
        var bytes = JwtOptionsValidator.DecodeKey(base64)
            ?? throw new InvalidOperationException("The JWT signing key is missing or not base64.");
        // A key id lets validation go straight to the right key after a roll.
        return new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] };
    }

    private bool IsWithinLifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } end
            && now <= end.ToUniversalTime() + options.ClockSkew
            && (notBefore is not { } start || now >= start.ToUniversalTime() - options.ClockSkew);
    }
}
