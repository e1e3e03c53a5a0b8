namespace Chatbot.Functions.Middleware;

/// <summary>
/// Marks a function that anyone may call without an access token. Every other function requires an authenticated
/// user: a new function is protected unless someone decides otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PublicFunctionAttribute : Attribute;
