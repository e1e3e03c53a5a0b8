using System.Security.Cryptography;
using System.Text;
using Chatbot.Core.Auth;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Chatbot.Tests.Auth;

public sealed class JwtTokenServiceTests
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly Guid Family = Guid.NewGuid();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_token_carries_the_user_type_and_a_unique_id()
    {
        var tokens = Service(KeyA);

        var first = tokens.Issue(42, TokenType.Access, Family);
        var second = tokens.Issue(42, TokenType.Access, Family);
        var claims = await tokens.ValidateAsync(first.Token, TokenType.Access);

        Assert.Equal(new TokenClaims(42, first.TokenId, TokenType.Access, first.ExpiresAt, Family), claims);
        Assert.NotEqual(first.TokenId, second.TokenId);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_rejected()
    {
        var forged = Service(KeyB).Issue(1, TokenType.Access, Family).Token;

        Assert.Null(await Service(KeyA).ValidateAsync(forged, TokenType.Access));
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_rejected()
    {
        var tokens = Service(KeyA);
        var genuine = tokens.Issue(1, TokenType.Access, Family).Token;
        var payload = genuine.Split('.')[1];
        var header = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");

        Assert.Null(await tokens.ValidateAsync($"{header}.{payload}.", TokenType.Access));
    }

    [Fact]
    public async Task A_tampered_payload_is_rejected()
    {
        var tokens = Service(KeyA);
        var parts = tokens.Issue(1, TokenType.Access, Family).Token.Split('.');
        var tampered = Base64Url(Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1]))).Replace("\"sub\":\"1\"", "\"sub\":\"2\"", StringComparison.Ordinal));

        Assert.Null(await tokens.ValidateAsync($"{parts[0]}.{tampered}.{parts[2]}", TokenType.Access));
    }

    [Fact]
    public async Task A_genuinely_signed_token_without_a_family_is_rejected_because_nothing_could_revoke_it()
    {
        var claims = new Dictionary<string, object> { ["sub"] = "1", ["jti"] = "abc", ["token_type"] = TokenType.Access };
        var withFamily = new Dictionary<string, object>(claims) { ["sid"] = Family.ToString("N") };

        Assert.Null(await Service(KeyA).ValidateAsync(SignedByHand(claims), TokenType.Access));
        Assert.Equal(Family, (await Service(KeyA).ValidateAsync(SignedByHand(withFamily), TokenType.Access))?.FamilyId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.e30.")]
    public async Task Malformed_tokens_are_rejected_without_throwing(string token)
        => Assert.Null(await Service(KeyA).ValidateAsync(token, TokenType.Access));

    [Fact]
    public async Task Tokens_signed_with_the_previous_key_stay_valid_after_a_roll()
    {
        var beforeRoll = Service(KeyA).Issue(7, TokenType.Access, Family).Token;

        var afterRoll = Service(KeyB, previousKey: KeyA);

        Assert.NotNull(await afterRoll.ValidateAsync(beforeRoll, TokenType.Access));
        Assert.Null(await Service(KeyB).ValidateAsync(beforeRoll, TokenType.Access));
    }

    [Fact]
    public async Task Expiry_allows_only_a_little_clock_skew()
    {
        var tokens = Service(KeyA);
        var token = tokens.Issue(1, TokenType.Access, Family).Token;

        time.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(20));
        Assert.NotNull(await tokens.ValidateAsync(token, TokenType.Access));

        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(await tokens.ValidateAsync(token, TokenType.Access));
    }

    [Fact]
    public async Task A_token_validated_before_is_refused_once_it_expires_and_only_for_its_own_type()
    {
        var tokens = Service(KeyA);
        var token = tokens.Issue(1, TokenType.Access, Family).Token;
        Assert.NotNull(await tokens.ValidateAsync(token, TokenType.Access));

        // The second look is answered from the instance's memory of genuine tokens: the type and the clock still decide.
        Assert.Null(await tokens.ValidateAsync(token, TokenType.Refresh));
        time.Advance(TimeSpan.FromMinutes(31));
        Assert.Null(await tokens.ValidateAsync(token, TokenType.Access));
    }

    [Theory]
    [InlineData(null, "Jwt:SigningKey is required")]
    [InlineData("not base64!", "Jwt:SigningKey is not valid base64")]
    [InlineData("c2hvcnQ=", "Jwt:SigningKey is too weak: 5 bytes")]
    public void A_missing_or_weak_signing_key_fails_validation_with_a_clear_message(string? key, string message)
    {
        var result = new JwtOptionsValidator().Validate(null, new JwtOptions { SigningKey = key });

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    /// <summary>A token signed with <see cref="KeyA"/> and the default issuer and audience, carrying exactly <paramref name="claims"/>.</summary>
    private string SignedByHand(Dictionary<string, object> claims)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "chatbot",
            Audience = "chatbot-api",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(KeyA)), SecurityAlgorithms.HmacSha256),
            Claims = claims,
        });
    }

    private JwtTokenService Service(string key, string? previousKey = null)
        => new(Options.Create(new JwtOptions { SigningKey = key, PreviousSigningKey = previousKey }), time);

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Pad(string base64Url)
    {
        var base64 = base64Url.Replace('-', '+').Replace('_', '/');
        return base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
    }
}
