namespace Chatbot.Core.Auth;

/// <summary>
/// Whether an account may sign in: only <see cref="Active"/> ones do. <see cref="Pending"/> accounts wait for an
/// admin's approval (the <c>approval</c> registration mode); <see cref="Deactivated"/> ones were switched off.
/// </summary>
public enum AccountStatus
{
    Active,
    Pending,
    Deactivated,
}
