using System.Text.Json;

namespace Chatbot.LocalHost;

/// <summary>
/// The Functions app's build output: where the worker is, its route prefix, and its local settings (local.settings.json's
/// <c>Values</c>, with a <c>.env</c> file's settings over them).
/// </summary>
internal sealed record FunctionApp(string Directory, string RoutePrefix, IReadOnlyDictionary<string, string> LocalSettings)
{
    public const string WorkerAssembly = "Chatbot.Functions.dll";

    public string WorkerPath => Path.Combine(Directory, WorkerAssembly);

    public static FunctionApp Load(string directory, string? envFile = null)
    {
        if (!File.Exists(Path.Combine(directory, WorkerAssembly)))
        {
            throw new FileNotFoundException(
                $"No {WorkerAssembly} in {directory}: build the solution first (dotnet build Chatbot.sln), or pass --functions-dir.");
        }

        var settings = ReadLocalSettings(directory);
        if (envFile is not null)
        {
            foreach (var (name, value) in DotEnvFile.Read(envFile, Environment.GetEnvironmentVariable))
            {
                settings[name] = value;
            }
        }

        return new FunctionApp(directory, ReadRoutePrefix(directory), settings);
    }

    /// <summary><c>extensions.http.routePrefix</c> from host.json; Azure's default is <c>api</c>.</summary>
    private static string ReadRoutePrefix(string directory)
    {
        var path = Path.Combine(directory, "host.json");
        if (!File.Exists(path))
        {
            return "api";
        }

        using var hostJson = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return hostJson.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
            && prefix.ValueKind == JsonValueKind.String
                ? prefix.GetString()!.Trim('/')
                : "api";
    }

    /// <summary>The <c>Values</c> of local.settings.json (as <c>func</c> reads them); a missing file means none.</summary>
    private static Dictionary<string, string> ReadLocalSettings(string directory)
    {
        var candidates = new[]
        {
            Path.Combine(directory, "local.settings.json"),
            Path.GetFullPath(Path.Combine(directory, "..", "..", "..", "local.settings.json")),
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
