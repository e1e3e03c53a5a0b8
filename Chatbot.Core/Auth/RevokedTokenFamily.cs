namespace Chatbot.Core.Auth;

/// <summary>
/// A tombstone for one login's family of tokens: once written, no refresh or access token carrying
/// <see cref="FamilyId"/> works again, including one issued a moment later to the winner of a refresh race. It has
/// no foreign key, so it outlives the user (an erased account's access tokens must die too); rows older than an
/// access token's lifetime guard nothing and may be pruned.
/// </summary>
public sealed class RevokedTokenFamily
{
    public long Id { get; set; }

    public Guid FamilyId { get; set; }

    public DateTime RevokedAt { get; set; }
}
