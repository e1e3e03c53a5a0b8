using Chatbot.Core.Chats;

namespace Chatbot.Core.Operators;

/// <summary>
/// An admin's PATCH of a user: only the fields sent change. A quota sent as null returns the user to the deployment's
/// default (<c>Quota__DailyTokens</c>); 0 allows no answers.
/// </summary>
public sealed record UserChanges(Sent<string?>? Role, Sent<string?>? Status, Sent<long?>? DailyTokenQuota);
