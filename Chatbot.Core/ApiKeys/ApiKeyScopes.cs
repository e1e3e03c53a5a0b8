namespace Chatbot.Core.ApiKeys;

/// <summary>What a key may be used for. A key never manages the account, whatever its scopes.</summary>
public static class ApiKeyScopes
{
    /// <summary>Asking for answers: send, edit, regenerate, stop, stream, <c>/v1/chat/completions</c>.</summary>
    public const string Chat = "chat";

    /// <summary>Reading: lists, export, search, usage, <c>/v1/models</c>.</summary>
    public const string Read = "read";

    public static IReadOnlyList<string> All { get; } = [Chat, Read];
}
