namespace Chatbot.Core.Chats;

public static class ChatRules
{
    public const int MaxTitleLength = 255;

    /// <summary>How many earlier exchanges are read at most when building Gemini's history; the budget trims further.</summary>
    public const int MaxHistoryMessages = 200;

    public static string? TitleProblem(string? title)
        => title is { Length: > MaxTitleLength } ? $"Ensure this field has no more than {MaxTitleLength} characters." : null;
}
