namespace Chatbot.Manage;

/// <summary>A command line the program does not understand: an unknown command or option. Exit code 2, with the usage.</summary>
internal sealed class UsageError(string message) : Exception(message);
