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

    public UserRole Role { get; set; } = UserRole.User;

    public AccountStatus Status { get; set; } = AccountStatus.Active;

    /// <summary>This user's own daily token quota, in place of the deployment's <c>Quota__DailyTokens</c>; 0 allows no answers.</summary>
    public long? DailyTokenQuota { get; set; }

    public DateTime? LastLoginAt { get; set; }
}
