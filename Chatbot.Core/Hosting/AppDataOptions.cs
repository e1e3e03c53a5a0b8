namespace Chatbot.Core.Hosting;

/// <summary>Setting <c>Chatbot:DataDirectory</c>: where the embedded database and the development key live.</summary>
public sealed class AppDataOptions
{
    public const string SectionName = "Chatbot";

    public string DataDirectory { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "chatbot");
}
