namespace Chatbot.Core.Hosting;

/// <summary>Setting <c>Chatbot:DataDirectory</c>: where the embedded database and the development key live.</summary>
public sealed class AppDataOptions
{
    public const string SectionName = "Chatbot";

    private string? dataDirectory;

    /// <summary>Empty means the user's local application data folder (<c>~/.local/share/chatbot</c> on Linux).</summary>
    public string DataDirectory
    {
        get => string.IsNullOrWhiteSpace(dataDirectory) ? DefaultDirectory : dataDirectory;
        set => dataDirectory = value;
    }

    private static string DefaultDirectory => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "chatbot");
}
