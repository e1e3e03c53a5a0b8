namespace Chatbot.Core.Operators;

/// <summary>
/// Who may sign up (<c>registration_mode</c>): anyone (<see cref="Open"/>), whoever holds an invite code
/// (<see cref="Invite"/>), anyone but only as a <c>pending</c> account an admin activates (<see cref="Approval"/>), or
/// nobody (<see cref="Closed"/>).
/// </summary>
public enum RegistrationMode
{
    Open,
    Invite,
    Approval,
    Closed,
}
