namespace Chatbot.Core.Limits;

/// <summary>One search by one user; kept for a minute, what <see cref="SearchLimit"/> counts.</summary>
public sealed class UserSearch
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public DateTime SearchedAt { get; set; }
}
