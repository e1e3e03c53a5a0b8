using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Limits;

/// <summary>
/// Password guessing, slowed in the way of django-axes: after <see cref="LimitsOptions.LoginFailuresPerUser"/>
/// failures for one username from one address, that pair is refused for a lock that doubles with each further
/// failure (1, 2, 4 … minutes, at most 15); after <see cref="LimitsOptions.LoginFailuresPerAddress"/> failures
/// across any usernames the address is refused as a whole. A refusal comes before the password is looked at, so
/// a guesser learns nothing while locked out, and the real user on another address is never locked out.
/// </summary>
public sealed class LoginThrottle(ChatbotDbContext db, IOptions<LimitsOptions> options, TimeProvider time)
{
    private static readonly TimeSpan FirstLock = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LongestLock = TimeSpan.FromMinutes(15);

    private LimitsOptions Limits => options.Value;

    public async Task EnsureAllowedAsync(string clientAddress, string normalizedUsername, CancellationToken cancellationToken)
    {
        if (!Limits.Enabled)
        {
            return;
        }

        var now = time.GetDatabaseNow();
        if (await LockedUntilAsync(clientAddress, normalizedUsername, now, cancellationToken) is { } reopensAt)
        {
            throw new ProblemException(ProblemKind.TooManyRequests, "too_many_attempts", "Too many failed login attempts. Try again later.")
            {
                RetryAfter = reopensAt - now,
            };
        }
    }

    /// <summary>
    /// Counts a failed login, and answers when the pair or the address is locked from now on because of it (null when
    /// it is not): only an allowed attempt fails, so a lock found here is the one this failure began. Not cancellable:
    /// a guesser must not escape the count by hanging up once the answer is known.
    /// </summary>
    public async Task<DateTime?> RecordFailureAsync(string clientAddress, string normalizedUsername)
    {
        if (!Limits.Enabled)
        {
            return null;
        }

        var now = time.GetDatabaseNow();
        var (address, username) = Key(clientAddress, normalizedUsername);
        db.LoginFailures.Add(new LoginFailure { ClientAddress = address, NormalizedUsername = username, FailedAt = now });
        await db.SaveChangesAsync(CancellationToken.None);

        // Pruned here, where rows are written, so the table never holds more than one window of failures.
        var windowStart = now - Limits.LoginWindow;
        await db.LoginFailures.Where(failure => failure.FailedAt <= windowStart).ExecuteDeleteAsync(CancellationToken.None);
        return await LockedUntilAsync(clientAddress, normalizedUsername, now, CancellationToken.None);
    }

    /// <summary>A successful login forgives its pair's failures (not the address's failures for other usernames).</summary>
    public async Task ResetAsync(string clientAddress, string normalizedUsername, CancellationToken cancellationToken)
    {
        if (!Limits.Enabled)
        {
            return;
        }

        (clientAddress, normalizedUsername) = Key(clientAddress, normalizedUsername);

        await db.LoginFailures
            .Where(failure => failure.ClientAddress == clientAddress && failure.NormalizedUsername == normalizedUsername)
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// An operator's password reset forgives every failure counted against the username, from every address, so its
    /// owner can sign in at once instead of waiting for the lock to run out. Whether or not the limits are on: rows
    /// written while they were still count once they are on again.
    /// </summary>
    public Task ForgiveUsernameAsync(string normalizedUsername)
        => db.LoginFailures.Where(failure => failure.NormalizedUsername == normalizedUsername).ExecuteDeleteAsync(CancellationToken.None);

    /// <summary>When the pair or the whole address may try again, if either is locked at <paramref name="now"/>; else null.</summary>
    private async Task<DateTime?> LockedUntilAsync(string clientAddress, string normalizedUsername, DateTime now, CancellationToken cancellationToken)
    {
        (clientAddress, normalizedUsername) = Key(clientAddress, normalizedUsername);
        var windowStart = now - Limits.LoginWindow;
        var fromAddress = await db.LoginFailures.AsNoTracking()
            .Where(failure => failure.ClientAddress == clientAddress && failure.FailedAt > windowStart)
            .OrderBy(failure => failure.FailedAt)
            .Select(failure => new { failure.NormalizedUsername, failure.FailedAt })
            .ToListAsync(cancellationToken);
        var addressReopensAt = SlidingWindow.ReopensAt(
            fromAddress.ConvertAll(failure => failure.FailedAt), Limits.LoginFailuresPerAddress, Limits.LoginWindow);
        var pairReopensAt = PairUnlocksAt(
            fromAddress.Where(failure => failure.NormalizedUsername == normalizedUsername).Select(failure => failure.FailedAt).ToList());
        return Later(addressReopensAt, pairReopensAt) is { } reopensAt && reopensAt > now ? reopensAt : null;
    }

    /// <summary>
    /// The end of the doubling lock after the pair's latest failure, or sooner if enough failures have left the
    /// window (a lock cannot outlast what it counts).
    /// </summary>
    private DateTime? PairUnlocksAt(List<DateTime> pairFailures)
    {
        if (SlidingWindow.ReopensAt(pairFailures, Limits.LoginFailuresPerUser, Limits.LoginWindow) is not { } windowReopensAt)
        {
            return null;
        }

        var lockEnds = pairFailures[^1] + LockAfter(pairFailures.Count - Limits.LoginFailuresPerUser);
        return lockEnds < windowReopensAt ? lockEnds : windowReopensAt;
    }

    /// <summary>The lock after the limit's own failure and <paramref name="furtherFailures"/> more: 1 minute, doubled each time.</summary>
    private static TimeSpan LockAfter(int furtherFailures)
    {
        // Past 2^4 minutes the cap has long been reached; the bound keeps the shift from overflowing.
        var doubled = FirstLock * (1L << Math.Min(furtherFailures, 10));
        return doubled < LongestLock ? doubled : LongestLock;
    }

    /// <summary>
    /// A login may name a username longer than any account's (it fails, and must still be counted); cut to the
    /// column's length, it is still one key, and no account can be longer.
    /// </summary>
    private static (string ClientAddress, string NormalizedUsername) Key(string clientAddress, string normalizedUsername)
        => (ClientAddresses.Fit(clientAddress), normalizedUsername.Length > AccountRules.MaxUsernameLength
            ? normalizedUsername[..AccountRules.MaxUsernameLength]
            : normalizedUsername);

    private static DateTime? Later(DateTime? first, DateTime? second)
        => first is null ? second : second is null ? first : first > second ? first : second;
}
