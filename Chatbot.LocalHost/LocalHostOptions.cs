namespace Chatbot.LocalHost;

/// <summary>
/// The command line: <c>--port N</c> (default 7071; 0 picks a free port), <c>--functions-dir PATH</c> (default: found
/// beside us), <c>--max-restarts N</c> (crashed workers restarted per minute before the host gives up; default 5) and
/// <c>--env-file PATH</c> (a <c>.env</c> file whose settings the worker gets; default none).
/// </summary>
internal sealed record LocalHostOptions(int Port, int RpcPort, string FunctionsDirectory, int MaxRestartsPerMinute, string? EnvFile)
{
    public const int DefaultPort = 7071;

    public const int DefaultMaxRestartsPerMinute = 5;

    public static LocalHostOptions Parse(string[] args)
    {
        var port = DefaultPort;
        string? functionsDirectory = null;
        var maxRestarts = DefaultMaxRestartsPerMinute;
        string? envFile = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--port" when int.TryParse(value, out var parsed) && parsed is >= 0 and <= 65535:
                    port = parsed;
                    i++;
                    break;
                case "--functions-dir" when !string.IsNullOrWhiteSpace(value):
                    functionsDirectory = Path.GetFullPath(value);
                    i++;
                    break;
                case "--max-restarts" when int.TryParse(value, out var restarts) && restarts >= 0:
                    maxRestarts = restarts;
                    i++;
                    break;
                case "--env-file" when !string.IsNullOrWhiteSpace(value):
                    envFile = Path.GetFullPath(value);
                    i++;
                    break;
                default:
                    throw new ArgumentException(
                        $"Unknown or incomplete argument '{args[i]}'. Usage: Chatbot.LocalHost [--port N] [--functions-dir PATH] [--max-restarts N] [--env-file PATH]");
            }
        }

        return new LocalHostOptions(port == 0 ? FreePort() : port, FreePort(), functionsDirectory ?? FindFunctionsOutput(), maxRestarts, envFile);
    }

    /// <summary>A loopback port nobody holds right now, so both ports are known before anything starts.</summary>
    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Chatbot.Functions' build output in the same configuration as ours: from
    /// <c>Chatbot.LocalHost/bin/Debug/net10.0</c> it is <c>Chatbot.Functions/bin/Debug/net10.0</c>.
    /// </summary>
    private static string FindFunctionsOutput()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var targetFramework = output.Name;
        var configuration = output.Parent?.Name ?? "Debug";
        for (var folder = output; folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Chatbot.sln")))
            {
                return Path.Combine(folder.FullName, "Chatbot.Functions", "bin", configuration, targetFramework);
            }
        }

        throw new ArgumentException("Cannot find Chatbot.sln above this program; pass --functions-dir PATH.");
    }
}
