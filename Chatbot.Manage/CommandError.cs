namespace Chatbot.Manage;

/// <summary>A command that cannot do what it was asked, as Django's <c>CommandError</c>: printed as <c>Error: …</c>, exit code 1.</summary>
internal sealed class CommandError(string message) : Exception(message);
