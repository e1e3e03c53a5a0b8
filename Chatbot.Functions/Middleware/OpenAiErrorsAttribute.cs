namespace Chatbot.Functions.Middleware;

/// <summary>Marks a function whose errors use OpenAI's shape (<c>/v1/</c>), which OpenAI's clients parse, instead of problem+json.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class OpenAiErrorsAttribute : Attribute;
