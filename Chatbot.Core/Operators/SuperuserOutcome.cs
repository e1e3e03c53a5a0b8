namespace Chatbot.Core.Operators;

/// <summary>The account <see cref="Superusers.CreateOrPromoteAsync"/> left an active admin, and whether it existed before.</summary>
public sealed record SuperuserOutcome(long UserId, string Username, bool Promoted);
