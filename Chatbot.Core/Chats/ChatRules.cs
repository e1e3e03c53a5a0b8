namespace Chatbot.Core.Chats;

public static class ChatRules
{
    public const int MaxTitleLength = 255;

    public const int MaxSystemPromptLength = 4000;

    /// <summary>How many earlier exchanges are read at most when building Gemini's history; the budget trims further.</summary>
    public const int MaxHistoryMessages = 200;

    public static string? TitleProblem(string? title) => LengthProblem(title, MaxTitleLength);

    public static string? SystemPromptProblem(string? systemPrompt) => LengthProblem(systemPrompt, MaxSystemPromptLength);

    private static string? LengthProblem(string? value, int max)
        => value is { Length: var length } && length > max ? $"Ensure this field has no more than {max} characters." : null;
}
