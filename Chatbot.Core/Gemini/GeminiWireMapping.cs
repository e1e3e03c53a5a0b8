using System.Text;
using Microsoft.Extensions.AI;

namespace Chatbot.Core.Gemini;

/// <summary>Between Microsoft.Extensions.AI's shapes and Gemini's wire records, both ways.</summary>
internal static class GeminiWireMapping
{
    /// <summary>
    /// The turns as Gemini's contents (assistant turns are "model"), the system prompt as its systemInstruction, and
    /// the generation settings: the caller's, else the configured ones.
    /// </summary>
    internal static GenerateContentRequest ToRequest(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions, GeminiOptions settings)
    {
        var all = messages.ToList();
        var system = string.Join("\n", all.Where(message => message.Role == ChatRole.System).Select(message => message.Text));
        var instruction = chatOptions?.Instructions ?? (system.Length > 0 ? system : settings.SystemInstruction);
        var contents = all
            .Where(message => message.Role != ChatRole.System)
            .Select(message => new GeminiContent(message.Role == ChatRole.Assistant ? "model" : "user", ToParts(message)))
            .ToList();
        return new GenerateContentRequest(
            contents,
            string.IsNullOrWhiteSpace(instruction) ? null : new GeminiContent(null, [new GeminiPart(instruction)]),
            ToGenerationConfig(chatOptions, settings));
    }

    /// <summary>
    /// The caller's settings, else the configured ones; a JSON response format becomes Gemini's JSON output
    /// (<c>responseMimeType</c>, and <c>responseJsonSchema</c> when a schema is given). Null when nothing is set.
    /// </summary>
    private static GenerationConfig? ToGenerationConfig(ChatOptions? chatOptions, GeminiOptions settings)
    {
        var temperature = chatOptions?.Temperature is { } chosen ? chosen : settings.Temperature;
        var maxTokens = chatOptions?.MaxOutputTokens ?? settings.MaxOutputTokens;
        var json = chatOptions?.ResponseFormat as ChatResponseFormatJson;
        var stops = chatOptions?.StopSequences is { Count: > 0 } sequences ? sequences.ToList() : null;
        return temperature is null && maxTokens is null && chatOptions?.TopP is null && stops is null && json is null
            ? null
            : new GenerationConfig(temperature, maxTokens)
            {
                TopP = chatOptions?.TopP,
                StopSequences = stops,
                ResponseMimeType = json is null ? null : "application/json",
                ResponseJsonSchema = json?.Schema,
            };
    }

    /// <summary>
    /// A turn's parts: its text, then bytes as <c>inlineData</c> and uploaded files as <c>fileData</c>. A turn with
    /// nothing but text stays one text part, as Gemini has always received it.
    /// </summary>
    private static List<GeminiPart> ToParts(ChatMessage message)
    {
        var parts = new List<GeminiPart>(message.Contents.Count);
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent text when text.Text.Length > 0:
                    parts.Add(new GeminiPart(text.Text));
                    break;
                case DataContent data:
                    parts.Add(new GeminiPart(null, InlineData: new GeminiBlob(data.MediaType, Convert.ToBase64String(data.Data.Span))));
                    break;
                case UriContent file:
                    parts.Add(new GeminiPart(null, FileData: new GeminiFileData(file.MediaType, file.Uri.ToString())));
                    break;
            }
        }

        // Gemini refuses a content without parts; an empty turn is still one empty text.
        return parts.Count > 0 ? parts : [new GeminiPart(message.Text)];
    }

    /// <summary>The answer's text (thoughts left out) and finish reason; a blocked prompt or withheld answer throws.</summary>
    /// <remarks>The answer so far is copied into a string only when it must travel with a refusal, not per chunk.</remarks>
    internal static (string Text, string? FinishReason) ReadAnswer(GenerateContentResponse body, StringBuilder? answerSoFar)
    {
        if (body.PromptFeedback?.BlockReason is { } blockReason)
        {
            throw GeminiErrors.Blocked(blockReason, answerSoFar?.ToString());
        }

        var candidate = body.Candidates?.FirstOrDefault();
        if (GeminiErrors.IsWithheld(candidate?.FinishReason))
        {
            throw GeminiErrors.Blocked(candidate!.FinishReason!, answerSoFar?.ToString());
        }

        var text = string.Concat(candidate?.Content?.Parts?.Where(part => part.Thought != true).Select(part => part.Text) ?? []);
        return (text, candidate?.FinishReason);
    }

    internal static ChatFinishReason? ToFinishReason(string? finishReason) => finishReason switch
    {
        null => null,
        "STOP" => ChatFinishReason.Stop,
        "MAX_TOKENS" => ChatFinishReason.Length,
        _ => new ChatFinishReason(finishReason),
    };

    internal static UsageDetails? ToUsage(UsageMetadata? usage) => usage is null ? null : new UsageDetails
    {
        InputTokenCount = usage.PromptTokenCount,
        OutputTokenCount = usage.CandidatesTokenCount,
        TotalTokenCount = usage.TotalTokenCount,
    };
}
