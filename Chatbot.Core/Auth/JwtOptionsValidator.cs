using Microsoft.Extensions.Options;

namespace Chatbot.Core.Auth;

/// <summary>Stops the app at start-up, with one clear line, when the signing key is missing or weak.</summary>
internal sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var failures = new List<string>();
        if (KeyProblem(options.SigningKey, "Jwt:SigningKey", required: true) is { } signing)
        {
            failures.Add(signing);
        }

        if (KeyProblem(options.PreviousSigningKey, "Jwt:PreviousSigningKey", required: false) is { } previous)
        {
            failures.Add(previous);
        }

        if (string.IsNullOrWhiteSpace(options.Issuer) || string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Jwt:Issuer and Jwt:Audience must not be empty.");
        }

        if (options.AccessTokenLifetime <= TimeSpan.Zero || options.RefreshTokenLifetime <= TimeSpan.Zero)
        {
            failures.Add("Jwt:AccessTokenLifetime and Jwt:RefreshTokenLifetime must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static byte[]? DecodeKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) ? buffer[..written] : null;
    }

    private static string? KeyProblem(string? value, string setting, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? $"{setting} is required: base64 of at least {JwtOptions.MinimumKeyBytes} random bytes (openssl rand -base64 32)." : null;
        }

        var key = DecodeKey(value);
        return key switch
        {
            null => $"{setting} is not valid base64.",
            { Length: < JwtOptions.MinimumKeyBytes } => $"{setting} is too weak: {key.Length} bytes, at least {JwtOptions.MinimumKeyBytes} are required.",
            _ => null,
        };
    }
}
