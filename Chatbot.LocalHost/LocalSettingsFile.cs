using System.Text.Json;

namespace Chatbot.LocalHost;

/// <summary>
/// local.settings.json, as <c>func</c> reads it: its <c>Values</c> are the app's settings when it runs locally. Read by
/// the local host for the worker, and by <c>Chatbot.Manage</c> (which shares this file) so both find the same database.
/// </summary>
internal static class LocalSettingsFile
{
    /// <summary>
    /// The <c>Values</c> of the local.settings.json beside the worker's build output in <paramref name="functionsDirectory"/>,
    /// else of the one in the Functions project (three folders up); a missing file means none.
    /// </summary>
    public static Dictionary<string, string> Read(string functionsDirectory)
    {
        var candidates = new[]
        {
            Path.Combine(functionsDirectory, "local.settings.json"),
            Path.GetFullPath(Path.Combine(functionsDirectory, "..", "..", "..", "local.settings.json")),
        };
        var path = candidates.FirstOrDefault(File.Exists);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (path is null)
        {
            return values;
        }

        using var settings = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (settings.RootElement.TryGetProperty("Values", out var entries) && entries.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in entries.EnumerateObject())
            {
                values[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
            }
        }

        return values;
    }
}
