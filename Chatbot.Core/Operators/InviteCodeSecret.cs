using System.Security.Cryptography;
using System.Text;

namespace Chatbot.Core.Operators;

/// <summary>An invite code and the digest it is stored and found by (<see cref="InviteCode.CodeHash"/>).</summary>
internal static class InviteCodeSecret
{
    /// <summary>192 random bits: no guessing within any number of tries the registration limit allows.</summary>
    private const int RandomBytes = 24;

    /// <summary>A new code (URL-safe base64, 32 characters) and its digest.</summary>
    public static (string Code, string Hash) Create()
    {
        var code = Base64Url(RandomNumberGenerator.GetBytes(RandomBytes));
        return (code, HashOf(code));
    }

    /// <summary>SHA-256 of the code, lower-case hex: a leaked table gives no usable code, and a lookup needs no scan.</summary>
    public static string HashOf(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    /// <summary>Whether two digests are equal, in a time that does not depend on where they differ.</summary>
    public static bool SameHash(string first, string second)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(first), Encoding.ASCII.GetBytes(second));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
