using System.Globalization;
using System.Text.Json;

namespace Chatbot.LocalHost;

/// <summary>
/// The Functions app's build output: where the worker is, its route prefix, how long a function may run (null: no
/// limit), and its local settings (local.settings.json's <c>Values</c>, with a <c>.env</c> file's settings over them).
/// </summary>
internal sealed record FunctionApp(string Directory, string RoutePrefix, TimeSpan? FunctionTimeout, IReadOnlyDictionary<string, string> LocalSettings)
{
    public const string WorkerAssembly = "Chatbot.Functions.dll";

    /// <summary>How Azure lets an app setting override host.json's <c>functionTimeout</c>.</summary>
    public const string FunctionTimeoutSetting = "AzureFunctionsJobHost__functionTimeout";

    /// <summary>Flex Consumption's default, as Azure applies it when host.json names none.</summary>
    public static readonly TimeSpan DefaultFunctionTimeout = TimeSpan.FromMinutes(30);

    public string WorkerPath => Path.Combine(Directory, WorkerAssembly);

    public static FunctionApp Load(string directory, string? envFile = null)
    {
        if (!File.Exists(Path.Combine(directory, WorkerAssembly)))
        {
            throw new FileNotFoundException(
                $"No {WorkerAssembly} in {directory}: build the solution first (dotnet build Chatbot.sln), or pass --functions-dir.");
        }

        var path = Path.Combine(directory, "host.json");
        using var hostJson = JsonDocument.Parse(File.Exists(path) ? File.ReadAllText(path) : "{}", new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var localSettings = LocalSettingsFile.Read(directory);
        if (envFile is not null)
        {
            foreach (var (name, value) in DotEnvFile.Read(envFile, Environment.GetEnvironmentVariable))
            {
                localSettings[name] = value;
            }
        }

        return new FunctionApp(directory, ReadRoutePrefix(hostJson.RootElement), ReadFunctionTimeout(hostJson.RootElement, localSettings), localSettings);
    }

    /// <summary><c>extensions.http.routePrefix</c> from host.json; Azure's default is <c>api</c>.</summary>
    private static string ReadRoutePrefix(JsonElement hostJson)
        => hostJson.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
            && prefix.ValueKind == JsonValueKind.String
                ? prefix.GetString()!.Trim('/')
                : "api";

    /// <summary>
    /// <c>functionTimeout</c> as Azure reads it: host.json's, unless the app setting overrides it (from the environment
    /// or local.settings.json); <c>-1</c> means none. A value that is not a duration stops the host at start.
    /// </summary>
    private static TimeSpan? ReadFunctionTimeout(JsonElement hostJson, IReadOnlyDictionary<string, string> localSettings)
    {
        var (value, source) = Environment.GetEnvironmentVariable(FunctionTimeoutSetting) is { } fromEnvironment
            ? (fromEnvironment, FunctionTimeoutSetting)
            : localSettings.TryGetValue(FunctionTimeoutSetting, out var fromSettings)
                ? (fromSettings, FunctionTimeoutSetting)
                : hostJson.TryGetProperty("functionTimeout", out var fromHostJson)
                    ? (fromHostJson.ValueKind == JsonValueKind.String ? fromHostJson.GetString()! : fromHostJson.GetRawText(), "host.json's functionTimeout")
                    : (null, null);
        if (value is null)
        {
            return DefaultFunctionTimeout;
        }

        if (value.Trim() == "-1")
        {
            return null;
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero
            ? timeout
            : throw new ArgumentException($"{source} is '{value}': give a duration such as 00:10:00, or -1 for no limit.");
    }
}
