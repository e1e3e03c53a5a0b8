using System.Text.Json.Serialization;

namespace Chatbot.Core.Gemini;

// Gemini's REST shapes (v1beta), only the members we send or read. Google rejects unknown request fields,
// so requests carry nothing else; nulls are left out.

internal sealed record GenerateContentRequest(
    IReadOnlyList<GeminiContent> Contents,
    GeminiContent? SystemInstruction,
    GenerationConfig? GenerationConfig);

internal sealed record GeminiContent(string? Role, IReadOnlyList<GeminiPart>? Parts);

internal sealed record GeminiPart(string? Text, bool? Thought = null, GeminiBlob? InlineData = null, GeminiFileData? FileData = null);

/// <summary>Bytes sent inside the request, base64-encoded, with their MIME type.</summary>
internal sealed record GeminiBlob(string MimeType, string Data);

/// <summary>A file uploaded earlier through Gemini's Files API, named by its <c>uri</c>.</summary>
internal sealed record GeminiFileData(string MimeType, string FileUri);

internal sealed record GenerationConfig(double? Temperature, int? MaxOutputTokens)
{
    public double? TopP { get; init; }

    public IReadOnlyList<string>? StopSequences { get; init; }

    /// <summary><c>application/json</c> for JSON output; with <see cref="ResponseJsonSchema"/>, output that follows that JSON Schema.</summary>
    public string? ResponseMimeType { get; init; }

    public System.Text.Json.JsonElement? ResponseJsonSchema { get; init; }
}

internal sealed record GenerateContentResponse(
    IReadOnlyList<GeminiCandidate>? Candidates,
    PromptFeedback? PromptFeedback,
    UsageMetadata? UsageMetadata,
    string? ModelVersion,
    GeminiError? Error);

internal sealed record GeminiCandidate(GeminiContent? Content, string? FinishReason);

internal sealed record PromptFeedback(string? BlockReason);

internal sealed record UsageMetadata(int? PromptTokenCount, int? CandidatesTokenCount, int? TotalTokenCount);

internal sealed record GeminiErrorEnvelope(GeminiError? Error);

internal sealed record GeminiError(int Code, string? Message, string? Status, IReadOnlyList<GeminiErrorDetail>? Details);

internal sealed record GeminiErrorDetail(
    [property: JsonPropertyName("@type")] string? Type,
    string? RetryDelay,
    string? Reason);

/// <summary><c>GET /v1beta/models/{model}</c>: what the model accepts and produces at most.</summary>
internal sealed record GeminiModelInfo(string? Name, int? InputTokenLimit, int? OutputTokenLimit);

/// <summary><c>countTokens</c> given a whole request, so the system instruction is counted too.</summary>
internal sealed record CountTokensRequest(CountedRequest GenerateContentRequest);

internal sealed record CountedRequest(string Model, IReadOnlyList<GeminiContent> Contents, GeminiContent? SystemInstruction);

internal sealed record CountTokensResponse(int? TotalTokens);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GenerateContentRequest))]
[JsonSerializable(typeof(GenerateContentResponse))]
[JsonSerializable(typeof(GeminiErrorEnvelope))]
[JsonSerializable(typeof(GeminiModelInfo))]
[JsonSerializable(typeof(CountTokensRequest))]
[JsonSerializable(typeof(CountTokensResponse))]
internal sealed partial class GeminiJsonContext : JsonSerializerContext;
