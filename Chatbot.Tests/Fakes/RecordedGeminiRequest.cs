namespace Chatbot.Tests.Fakes;

/// <summary>One call the fake Gemini received, as the tests want to assert on it.</summary>
public sealed record RecordedGeminiRequest(
    string Model,
    string Method,
    string Query,
    string? ApiKey,
    IReadOnlyList<(string Role, string Text)> Contents,
    string? SystemInstruction,
    string Body)
{
    /// <summary>Every part of every turn in order, inline data and file references included.</summary>
    public IReadOnlyList<RecordedGeminiPart> Parts { get; init; } = [];

    public string LastUserText => Contents.LastOrDefault(content => content.Role == "user").Text ?? "";
}
