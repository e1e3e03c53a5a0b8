namespace Chatbot.Functions.Middleware;

/// <summary>
/// Marks a function that an API key with <see cref="Scope"/> may call. Deny by default: every other function refuses a
/// key (403 <c>api_key_not_allowed</c>), so a new function, and every account or admin route, is closed to keys unless
/// someone decides otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class AcceptsApiKeyAttribute(string scope) : Attribute
{
    public string Scope { get; } = scope;
}
