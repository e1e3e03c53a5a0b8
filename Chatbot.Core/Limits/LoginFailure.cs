namespace Chatbot.Core.Limits;

/// <summary>
/// One wrong password (or unknown username) from one client address. Rows live no longer than the login window:
/// they are what <see cref="LoginThrottle"/> counts, and a successful login deletes its pair's rows.
/// </summary>
public sealed class LoginFailure
{
    public long Id { get; set; }

    public required string ClientAddress { get; set; }

    /// <summary>The username as typed, normalized like accounts are, so "Alice" and "aLICE" are one target.</summary>
    public required string NormalizedUsername { get; set; }

    public DateTime FailedAt { get; set; }
}
