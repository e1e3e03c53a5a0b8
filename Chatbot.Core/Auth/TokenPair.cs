namespace Chatbot.Core.Auth;

public sealed record TokenPair(string Refresh, string Access);
