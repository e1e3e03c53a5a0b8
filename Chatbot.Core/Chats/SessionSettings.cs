namespace Chatbot.Core.Chats;

/// <summary>The writable fields of a session, for create and PUT (absent means none).</summary>
public sealed record SessionSettings(string? Title, string? SystemPrompt, string? Model);

/// <summary>A PATCH: only the fields that were sent change. A field sent as null is cleared.</summary>
public sealed record SessionPatch(Sent<string?>? Title, Sent<string?>? SystemPrompt, Sent<string?>? Model);

/// <summary>A value the client sent, null included, as opposed to a field it left out.</summary>
public sealed record Sent<T>(T Value);
