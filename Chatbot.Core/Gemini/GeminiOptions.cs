namespace Chatbot.Core.Gemini;

// Placeholder until the Gemini client branch lands.
public sealed class GeminiOptions
{
    public string Model { get; set; } = "gemini-2.5-flash";

    public int HistoryCharacterBudget { get; set; } = 24000;

    public int MaxPromptCharacters { get; set; } = 32000;
}
