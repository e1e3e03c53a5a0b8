namespace Chatbot.Core.Auth;

public sealed class User
{
    public long Id { get; set; }

    public required string Username { get; set; }

    /// <summary>Upper-invariant username: the unique key, so "Alice" and "alice" cannot both register.</summary>
    public required string NormalizedUsername { get; set; }

    public required string Email { get; set; }

    public required string PasswordHash { get; set; }

    public DateTime CreatedAt { get; set; }
}
