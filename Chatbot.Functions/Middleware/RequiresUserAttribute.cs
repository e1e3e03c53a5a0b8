namespace Chatbot.Functions.Middleware;

/// <summary>Marks a function that only a caller with a valid access token may run.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RequiresUserAttribute : Attribute;
