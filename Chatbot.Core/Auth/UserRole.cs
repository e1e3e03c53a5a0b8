namespace Chatbot.Core.Auth;

/// <summary>What a user may do: <see cref="Admin"/> reaches the <c>/admin/</c> routes as well.</summary>
public enum UserRole
{
    User,
    Admin,
}
