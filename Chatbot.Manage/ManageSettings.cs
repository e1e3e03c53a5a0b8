using Chatbot.LocalHost;
using Microsoft.Extensions.Configuration;

namespace Chatbot.Manage;

/// <summary>
/// The app's settings as the worker under <c>./run.sh</c> gets them, so a command finds the database the served app
/// uses: Chatbot.Functions' local.settings.json <c>Values</c>, a <c>.env</c> file's settings over them, and the real
/// environment over both.
/// </summary>
internal static class ManageSettings
{
    public static IConfiguration Load(string? envFile)
    {
        var settings = FunctionsOutput() is { } functions ? LocalSettingsFile.Read(functions) : [];
        if (envFile is not null)
        {
            foreach (var (name, value) in DotEnvFile.Read(envFile, Environment.GetEnvironmentVariable))
            {
                settings[name] = value;
            }
        }

        return new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting =>
                KeyValuePair.Create(setting.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), (string?)setting.Value)))
            .AddEnvironmentVariables()
            .Build();
    }

    /// <summary>
    /// Whether the app runs as Development: as the local host decides it for the worker, unless
    /// <c>AZURE_FUNCTIONS_ENVIRONMENT</c> says otherwise.
    /// </summary>
    public static bool IsDevelopment(IConfiguration configuration)
        => string.Equals(configuration["AZURE_FUNCTIONS_ENVIRONMENT"] ?? "Development", "Development", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Where the local host looks for the worker: Chatbot.Functions' build output in our configuration, found from
    /// the solution above us; null when there is no solution (a copy of this program elsewhere reads no file).
    /// </summary>
    private static string? FunctionsOutput()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        for (var folder = output; folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Chatbot.sln")))
            {
                return Path.Combine(folder.FullName, "Chatbot.Functions", "bin", output.Parent?.Name ?? "Debug", output.Name);
            }
        }

        return null;
    }
}
