namespace Chatbot.Core.Operators;

/// <summary>
/// An invitation to register while <c>registration_mode</c> is <c>invite</c>. Only the code's SHA-256 is stored: the
/// code itself is shown once, to the admin who made it.
/// </summary>
public sealed class InviteCode
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the code, hex: what a registration's code is looked up by.</summary>
    public required string CodeHash { get; set; }

    public int UsesLeft { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The admin who made it; null once that account is gone.</summary>
    public long? CreatedById { get; set; }
}
