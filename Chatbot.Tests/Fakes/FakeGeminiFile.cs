namespace Chatbot.Tests.Fakes;

/// <summary>A file uploaded to the fake Gemini's Files API: what it was told and the exact bytes it received.</summary>
public sealed record FakeGeminiFile(string Name, string Uri, string MimeType, string DisplayName, byte[] Bytes);
