using System.Text.Json;
using Chatbot.Core.Chats;
using Chatbot.Core.Models;

namespace Chatbot.Functions.Completions;

/// <summary>
/// OpenAI's Chat Completions objects as this app writes them: a <c>chat.completion</c>, its
/// <c>chat.completion.chunk</c>s, and the models list. Every chunk of one completion shares its id and time.
/// </summary>
internal sealed record CompletionWire(string Id, long Created, string Model)
{
    public static CompletionWire For(string model, TimeProvider time)
        => new($"chatcmpl-{Guid.NewGuid():N}", time.GetUtcNow().ToUnixTimeSeconds(), model);

    /// <summary>
    /// Gemini's ending in OpenAI's words: <c>STOP</c> is <c>stop</c>, <c>MAX_TOKENS</c> is <c>length</c>, a safety stop
    /// (a blocked answer) is <c>content_filter</c>; an answer stopped by its owner ended as asked, <c>stop</c>.
    /// </summary>
    public static string FinishReason(MessageDto message) => message.Status switch
    {
        "blocked" => "content_filter",
        "truncated" => "length",
        _ when message.FinishReason is "MAX_TOKENS" or "length" => "length",
        _ => "stop",
    };

    public void WriteCompletion(Utf8JsonWriter writer, MessageDto message)
    {
        writer.WriteStartObject();
        WriteHeader(writer, "chat.completion");
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        writer.WriteString("content", message.Response);
        writer.WriteNull("refusal");
        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        writer.WriteString("finish_reason", FinishReason(message));
        writer.WriteEndObject();
        writer.WriteEndArray();
        WriteUsage(writer, message);
        writer.WriteEndObject();
    }

    /// <summary>One chunk: its delta (the role, or text), or with <paramref name="finish"/> the last choice, its delta empty.</summary>
    public void WriteChunk(Utf8JsonWriter writer, string? role, string? content, string? finish, bool withUsage)
    {
        writer.WriteStartObject();
        WriteHeader(writer, "chat.completion.chunk");
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("delta");
        if (role is not null)
        {
            writer.WriteString("role", role);
        }

        if (content is not null)
        {
            writer.WriteString("content", content);
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        writer.WriteString("finish_reason", finish);
        writer.WriteEndObject();
        writer.WriteEndArray();
        if (withUsage)
        {
            // With stream_options.include_usage every chunk carries usage, null but in the last one.
            writer.WriteNull("usage");
        }

        writer.WriteEndObject();
    }

    /// <summary>The last chunk asked for by <c>stream_options.include_usage</c>: no choices, the usage.</summary>
    public void WriteUsageChunk(Utf8JsonWriter writer, MessageDto message)
    {
        writer.WriteStartObject();
        WriteHeader(writer, "chat.completion.chunk");
        writer.WriteStartArray("choices");
        writer.WriteEndArray();
        WriteUsage(writer, message);
        writer.WriteEndObject();
    }

    public static void WriteModels(Utf8JsonWriter writer, IReadOnlyList<ModelDescriptor> models, long created)
    {
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var model in models)
        {
            writer.WriteStartObject();
            writer.WriteString("id", model.Id);
            writer.WriteString("object", "model");
            writer.WriteNumber("created", created);
            writer.WriteString("owned_by", model.Provider.ToLowerInvariant());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteHeader(Utf8JsonWriter writer, string kind)
    {
        writer.WriteString("id", Id);
        writer.WriteString("object", kind);
        writer.WriteNumber("created", Created);
        writer.WriteString("model", Model);
    }

    private static void WriteUsage(Utf8JsonWriter writer, MessageDto message)
    {
        var (prompt, completion) = (message.PromptTokens ?? 0, message.ResponseTokens ?? 0);
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", prompt);
        writer.WriteNumber("completion_tokens", completion);
        writer.WriteNumber("total_tokens", prompt + completion);
        writer.WriteEndObject();
    }
}
