using System.Collections.Concurrent;

namespace Chatbot.Core.Auth;

/// <summary>
/// Tokens this instance has already found genuine, by their exact text, so the next request with the same token skips
/// the signature check and the JSON parsing. Only what never changes for a given text is remembered (signature,
/// issuer, audience, claims): the lifetime is checked again on every use, so a hit answers exactly as a full
/// validation would. Failures are never remembered, so forged tokens cannot fill it; it is bounded, and emptied
/// when full, so a flood of genuine tokens costs at most <see cref="Capacity"/> entries.
/// </summary>
internal sealed class ValidatedTokenCache
{
    /// <summary>An access token is a few hundred bytes: a thousand signed-in callers per instance cost well under a megabyte.</summary>
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, ValidatedToken> tokens = new(StringComparer.Ordinal);

    public bool TryGet(string token, out ValidatedToken validated) => tokens.TryGetValue(token, out validated!);

    public void Remember(string token, ValidatedToken validated)
    {
        if (tokens.Count >= Capacity)
        {
            tokens.Clear();
        }

        tokens[token] = validated;
    }
}

/// <summary>A genuine token's claims, with the lifetime that is checked again at each use.</summary>
internal sealed record ValidatedToken(TokenClaims Claims, DateTime? NotBefore, DateTime Expires);
