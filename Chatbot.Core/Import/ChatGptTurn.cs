namespace Chatbot.Core.Import;

/// <summary>A node of ChatGPT's mapping: its key, its parent's key, and the turn it holds if it holds one to import.</summary>
internal sealed record ChatGptNode(string Key, string? Parent, ChatGptTurn? Turn);

/// <summary>
/// A user's or the assistant's visible text in ChatGPT's export. Everything else a node can hold (the root, system
/// and tool messages, hidden turns, a call addressed to a tool, code or browsing output) is not a turn.
/// </summary>
internal sealed record ChatGptTurn(bool FromUser, string Text, DateTime? CreatedAt, string? Model)
{
    /// <summary>The turn <paramref name="message"/> holds, if any; a user's longer than <paramref name="maxPromptCharacters"/> is refused.</summary>
    public static ChatGptTurn? Read(JsonFields? message, int maxPromptCharacters)
    {
        if (message is not { } fields)
        {
            return null;
        }

        var role = fields.RequiredObject("author").RequiredString("role");
        if (role is not ("user" or "assistant"))
        {
            return null;
        }

        var metadata = fields.OptionalObject("metadata");
        var hidden = metadata?.Optional("is_visually_hidden_from_conversation") is { ValueKind: System.Text.Json.JsonValueKind.True };
        var recipient = fields.OptionalString("recipient");
        var content = fields.RequiredObject("content");
        var contentType = content.RequiredString("content_type");
        if (hidden || recipient is not (null or "all") || contentType is not ("text" or "multimodal_text"))
        {
            return null;
        }

        // Parts that are not strings are images and other attachments, which are not imported.
        var text = string.Join('\n', content.RequiredArray("parts").EnumerateArray()
            .Where(part => part.ValueKind == System.Text.Json.JsonValueKind.String)
            .Select(part => part.GetString()));
        if (role == "user" && text.Length > maxPromptCharacters)
        {
            throw JsonFields.TooLong(content.FieldPath("parts"), maxPromptCharacters);
        }

        return new ChatGptTurn(role == "user", text, fields.OptionalEpochSeconds("create_time"), metadata?.OptionalString("model_slug", ImportRules.MaxModelLength));
    }
}
