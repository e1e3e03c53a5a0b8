namespace Chatbot.Core.Chats;

/// <summary>Setting <c>Titles:Enabled</c>: whether an untitled session is named by Gemini after its first answer.</summary>
public sealed class TitleOptions
{
    public const string SectionName = "Titles";

    public bool Enabled { get; set; } = true;
}
