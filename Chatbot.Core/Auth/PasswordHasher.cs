using Microsoft.Extensions.Options;

namespace Chatbot.Core.Auth;

/// <summary>
/// BCrypt hashing off the request threads. BCrypt is deliberately slow CPU work: it runs on the thread pool behind
/// a gate as wide as the machine, so a burst of logins queues instead of starving every other request of threads.
/// </summary>
public sealed class PasswordHasher(IOptions<PasswordOptions> options) : IDisposable
{
    private readonly SemaphoreSlim gate = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly Lazy<string> decoyHash = new(() => HashNow("decoy password, never matches", options.Value.WorkFactor));

    public Task<string> HashAsync(string password, CancellationToken cancellationToken)
        => RunGatedAsync(() => HashNow(password, options.Value.WorkFactor), cancellationToken);

    /// <summary>Checks a password; with no stored hash it still spends the same time, so unknown users are not told apart.</summary>
    public Task<bool> VerifyAsync(string password, string? storedHash, CancellationToken cancellationToken)
        => RunGatedAsync(() =>
        {
            var matches = BCrypt.Net.BCrypt.EnhancedVerify(password, storedHash ?? decoyHash.Value);
            return storedHash is not null && matches;
        }, cancellationToken);

    /// <summary>
    /// Whether a hash that just verified was made at another work factor than the configured one, so the login that
    /// knows the password should store a fresh hash: raising (or lowering) the setting reaches every account that
    /// signs in, without a reset.
    /// </summary>
    public bool NeedsRehash(string storedHash) => WorkFactorOf(storedHash) != options.Value.WorkFactor;

    public void Dispose() => gate.Dispose();

    /// <summary>The cost in a BCrypt hash, <c>$2a$11$...</c>; -1 when it is not one, which always asks for a rehash.</summary>
    internal static int WorkFactorOf(string hash)
        => hash.Length > 7 && hash[0] == '$' && hash[3] == '$' && hash[6] == '$'
            && int.TryParse(hash.AsSpan(4, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var factor)
            ? factor
            : -1;

    // Enhanced hashing pre-hashes with SHA-384, so passwords past BCrypt's 72-byte limit still count in full.
    private static string HashNow(string password, int workFactor) => BCrypt.Net.BCrypt.EnhancedHashPassword(password, workFactor);

    private async Task<T> RunGatedAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(work, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }
}
