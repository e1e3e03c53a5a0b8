namespace Chatbot.Tests.Fakes;

/// <summary>
/// One part of one turn as Gemini received it: text, bytes sent inline (decoded from base64, with their MIME type),
/// or a file of the Files API named by its uri.
/// </summary>
public sealed record RecordedGeminiPart(string Role, string? Text, string? MimeType, byte[]? InlineBytes, string? FileUri);
