using System.Text.Json;
using Chatbot.Core.Errors;
using Microsoft.Extensions.AI;

namespace Chatbot.Core.Completions;

/// <summary>
/// Reads OpenAI's Chat Completions body into a <see cref="CompletionRequest"/>. Every way it can be wrong is a 400
/// naming the field (as OpenAI's <c>param</c>), and what this app cannot do (several choices, tools, log
/// probabilities, audio, a remote image) is refused by name, never ignored. Fields that change nothing here
/// (<c>user</c>, <c>metadata</c>, <c>seed</c>…) are accepted.
/// </summary>
public static class CompletionRequestReader
{
    private const int MaxStopSequences = 4;

    public static CompletionRequest Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("body", "The request body must be a JSON object.");
        }

        RefuseUnsupported(body);
        var model = String(body, "model") ?? throw Invalid("model", "This field is required.");
        var (instructions, history, prompt) = ReadMessages(body);
        var generation = new ChatOptions
        {
            Temperature = Number(body, "temperature", 0, 2) is { } temperature ? (float)temperature : null,
            TopP = Number(body, "top_p", 0, 1) is { } topP ? (float)topP : null,
            MaxOutputTokens = Count(body, "max_completion_tokens") ?? Count(body, "max_tokens"),
            StopSequences = Stops(body),
            ResponseFormat = ResponseFormat(body),
        };
        _ = String(body, "user");
        var includeUsage = body.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object
            && Flag(options, "include_usage", "stream_options.include_usage");
        return new CompletionRequest(model, instructions, history, prompt, generation,
            Flag(body, "stream"), includeUsage, Flag(body, "store"))
        {
            AttachmentIds = AttachmentIds(body),
        };
    }

    private static void RefuseUnsupported(JsonElement body)
    {
        if (body.TryGetProperty("n", out var n) && n.ValueKind != JsonValueKind.Null && !(n.TryGetInt32(out var choices) && choices == 1))
        {
            throw Unsupported("n", "Only one choice per request is supported (n must be 1).");
        }

        foreach (var field in (string[])["tools", "functions"])
        {
            if (body.TryGetProperty(field, out var tools) && tools.ValueKind != JsonValueKind.Null
                && !(tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() == 0))
            {
                throw Unsupported(field, "Tools and function calling are not supported.");
            }
        }

        if ((body.TryGetProperty("logprobs", out var logprobs) && logprobs.ValueKind == JsonValueKind.True)
            || (body.TryGetProperty("top_logprobs", out var top) && top.ValueKind != JsonValueKind.Null))
        {
            throw Unsupported("logprobs", "Log probabilities are not supported.");
        }

        if ((body.TryGetProperty("audio", out var audio) && audio.ValueKind != JsonValueKind.Null)
            || (body.TryGetProperty("modalities", out var modalities) && modalities.ValueKind == JsonValueKind.Array
                && modalities.EnumerateArray().Any(modality => modality.ValueKind == JsonValueKind.String && modality.GetString() != "text")))
        {
            throw Unsupported("audio", "Only text output is supported.");
        }
    }

    private static (string? Instructions, List<ChatMessage> History, ChatMessage Prompt) ReadMessages(JsonElement body)
    {
        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw Invalid("messages", "Must be a non-empty array of messages.");
        }

        var instructions = new List<string>();
        var turns = new List<ChatMessage>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var field = $"messages[{index++}]";
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(field, "Must be an object with a role and a content.");
            }

            var role = String(message, "role", $"{field}.role") ?? throw Invalid($"{field}.role", "This field is required.");
            switch (role)
            {
                case "system" or "developer":
                    instructions.Add(Content(message, field, imagesAllowed: false).Text);
                    break;
                case "user":
                    turns.Add(Content(message, field, imagesAllowed: true));
                    break;
                case "assistant":
                    var answer = Content(message, field, imagesAllowed: false);
                    turns.Add(new ChatMessage(ChatRole.Assistant, answer.Contents));
                    break;
                case "tool" or "function":
                    throw Unsupported($"{field}.role", "Tool and function messages are not supported.");
                default:
                    throw Invalid($"{field}.role", $"Unknown role \"{role}\": must be system, developer, user or assistant.");
            }
        }

        if (turns.Count == 0 || turns[^1].Role != ChatRole.User)
        {
            throw Invalid("messages", "The last message other than system and developer ones must be the user's.");
        }

        var joined = string.Join("\n\n", instructions.Where(text => text.Length > 0));
        return (joined.Length > 0 ? joined : null, turns[..^1], turns[^1]);
    }

    /// <summary>A message's content: a string, or text and image parts (images only where the user speaks).</summary>
    private static ChatMessage Content(JsonElement message, string field, bool imagesAllowed)
    {
        var contentField = $"{field}.content";
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            throw Invalid(contentField, "This field is required.");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return new ChatMessage(ChatRole.User, content.GetString());
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(contentField, "Must be a string or an array of content parts.");
        }

        var parts = new List<AIContent>();
        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partField = $"{contentField}[{index++}]";
            var type = part.ValueKind == JsonValueKind.Object ? String(part, "type", $"{partField}.type") : null;
            switch (type)
            {
                case "text":
                    parts.Add(new TextContent(String(part, "text", $"{partField}.text") ?? throw Invalid($"{partField}.text", "This field is required.")));
                    break;
                case "image_url" when imagesAllowed:
                    parts.Add(Image(part, $"{partField}.image_url"));
                    break;
                case "image_url":
                    throw Invalid(partField, "Images may only be sent in user messages.");
                case "input_audio" or "file" or "refusal":
                    throw Unsupported($"{partField}.type", $"Content parts of type \"{type}\" are not supported.");
                default:
                    throw Invalid($"{partField}.type", "Must be \"text\" or \"image_url\".");
            }
        }

        return new ChatMessage(ChatRole.User, parts);
    }

    /// <summary>An image given inline as a <c>data:</c> URL. A remote URL is refused: this app fetches nothing on a caller's behalf.</summary>
    private static DataContent Image(JsonElement part, string field)
    {
        var url = part.TryGetProperty("image_url", out var image) && image.ValueKind == JsonValueKind.Object
            ? String(image, "url", $"{field}.url")
            : image.ValueKind == JsonValueKind.String ? image.GetString() : null;
        if (url is null)
        {
            throw Invalid($"{field}.url", "This field is required.");
        }

        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid($"{field}.url", "Only data: URLs are accepted (data:image/png;base64,...); the app does not fetch remote images.");
        }

        DataContent data;
        try
        {
            data = new DataContent(url);
        }
        catch (Exception invalid) when (invalid is FormatException or ArgumentException)
        {
            throw Invalid($"{field}.url", "Not a valid base64 data: URL.");
        }

        return data.HasTopLevelMediaType("image")
            ? data
            : throw Invalid($"{field}.url", $"Must be an image; \"{data.MediaType}\" is not.");
    }

    private static List<string>? Stops(JsonElement body)
    {
        if (!body.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return [stop.GetString()!];
        }

        return stop.ValueKind == JsonValueKind.Array && stop.GetArrayLength() <= MaxStopSequences
            && stop.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String)
                ? [.. stop.EnumerateArray().Select(item => item.GetString()!)]
                : throw Invalid("stop", $"Must be a string or an array of at most {MaxStopSequences} strings.");
    }

    private static ChatResponseFormat? ResponseFormat(JsonElement body)
    {
        if (!body.TryGetProperty("response_format", out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var type = format.ValueKind == JsonValueKind.Object ? String(format, "type", "response_format.type") : null;
        switch (type)
        {
            case "text":
                return ChatResponseFormat.Text;
            case "json_object":
                return ChatResponseFormat.Json;
            case "json_schema":
                if (!format.TryGetProperty("json_schema", out var schema) || schema.ValueKind != JsonValueKind.Object
                    || !schema.TryGetProperty("schema", out var definition) || definition.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid("response_format.json_schema", "Must be an object with a name and a schema.");
                }

                return ChatResponseFormat.ForJsonSchema(definition.Clone(), String(schema, "name", "response_format.json_schema.name"),
                    String(schema, "description", "response_format.json_schema.description"));
            default:
                throw Invalid("response_format.type", "Must be text, json_object or json_schema.");
        }
    }

    private static string? String(JsonElement parent, string name, string? field = null)
        => !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
            : value.ValueKind == JsonValueKind.String ? value.GetString()
            : throw Invalid(field ?? name, "Must be a string.");

    private static bool Flag(JsonElement parent, string name, string? field = null)
        => parent.TryGetProperty(name, out var value) && value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw Invalid(field ?? name, "Must be a boolean."),
        };

    private static double? Number(JsonElement parent, string name, double min, double max)
        => !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
            : value.ValueKind == JsonValueKind.Number && value.GetDouble() is var number && number >= min && number <= max ? number
            : throw Invalid(name, $"Must be a number between {min} and {max}.");

    private static int? Count(JsonElement parent, string name)
        => !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
            : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 1 ? count
            : throw Invalid(name, "Must be a whole number of at least 1.");

    /// <summary>The ids of the caller's uploads (<c>POST /attachments/</c>) that go with the prompt, as on the chat API.</summary>
    private static List<long> AttachmentIds(JsonElement body)
    {
        if (!body.TryGetProperty("attachments", out var attachments) || attachments.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (attachments.ValueKind != JsonValueKind.Array
            || attachments.EnumerateArray().Any(id => id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out var value) || value < 1))
        {
            throw Invalid("attachments", "Must be an array of attachment ids.");
        }

        return [.. attachments.EnumerateArray().Select(id => id.GetInt64())];
    }

    private static ProblemException Invalid(string field, string message) => ProblemException.Validation(field, message);

    private static ProblemException Unsupported(string field, string message)
        => new(ProblemKind.BadRequest, "unsupported_parameter", message) { Errors = new Dictionary<string, string[]> { [field] = [message] } };
}
