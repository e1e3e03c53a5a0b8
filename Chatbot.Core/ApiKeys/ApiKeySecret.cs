using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Chatbot.Core.ApiKeys;

/// <summary>
/// The text of a key, <c>cb-</c> and 32 random bytes in base64url, with what is stored of it: its digest and prefix.
/// The digest is SHA-256 and not a slow password hash: the key carries 256 bits of randomness, so there is nothing
/// to guess, and every request pays for the hash.
/// </summary>
public sealed record ApiKeySecret(string Key, string Prefix, string Digest)
{
    public const string Marker = "cb-";

    private const int RandomBytes = 32;

    private const int PrefixLength = 11;

    /// <summary>43 characters of base64url after the marker.</summary>
    private static readonly int KeyLength = Marker.Length + Base64Url.GetEncodedLength(RandomBytes);

    private static readonly SearchValues<char> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public static ApiKeySecret New() => Of(Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes)));

    /// <summary>Whether a bearer token is meant as a key (and not a login's JWT); it may still be a wrong one.</summary>
    public static bool IsKeyLike(string token) => token.StartsWith(Marker, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="key"/> has the shape of a key we issue: the marker, then 43 base64url characters.</summary>
    public static bool IsWellFormed(string key)
        => key.Length == KeyLength && IsKeyLike(key) && !key.AsSpan(Marker.Length).ContainsAnyExcept(Base64UrlAlphabet);

    public static ApiKeySecret Of(string key) => new(key, key[..PrefixLength], DigestOf(key));

    public static string DigestOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Two digests compared in constant time: how long it takes says nothing about how much of them matched.</summary>
    public static bool SameDigest(string one, string other)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(one), Encoding.ASCII.GetBytes(other));
}
