namespace Chatbot.Functions.Models;

/// <summary>The model a session gets when it names none, and every model it may name.</summary>
internal sealed record ModelList(string Default, IReadOnlyList<string> Allowed);
