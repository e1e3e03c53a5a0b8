using Chatbot.Core.Operators;

namespace Chatbot.Core.Auth;

/// <summary>
/// A sign-in that failed: from where, against which name (the throttle's key and the name as typed), the account the
/// name belongs to (<see cref="AuditLog.Actor.Anonymous"/> when none does), and why, in words for the audit log.
/// </summary>
internal sealed record FailedSignIn(string ClientAddress, string NormalizedUsername, string UsernameTried, AuditLog.Actor Account, string Reason);
