using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// The local Functions host and, under it, the real worker, started from their build output as separate processes
/// on a free port. Nothing is built here: <c>dotnet test</c> built both before the tests ran.
/// </summary>
public sealed partial class LocalHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly TaskCompletionSource<Uri> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool disposed;

    private LocalHostProcess(Process process) => this.process = process;

    public Uri BaseUrl { get; private set; } = null!;

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Everything the host and the worker printed so far.</summary>
    public string Output => string.Join('\n', output);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Starts the host and waits until it has loaded the worker's functions.</summary>
    public static async Task<LocalHostProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var host = Launch(environment, arguments);
        var exited = host.process.WaitForExitAsync();
        var first = await Task.WhenAny(host.ready.Task, exited, Task.Delay(StartTimeout));
        if (first != host.ready.Task)
        {
            var why = host.process.HasExited ? $"exited with code {host.process.ExitCode}" : $"was not ready within {StartTimeout.TotalSeconds} s";
            var printed = host.Output;
            await host.DisposeAsync();
            throw new InvalidOperationException($"The local host {why}. It printed:\n{printed}");
        }

        host.BaseUrl = await host.ready.Task;
        return host;
    }

    /// <summary>Starts the host without waiting for it to become ready: for tests of start-up failures. A null value removes the variable.</summary>
    public static LocalHostProcess Launch(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var hostDll = Path.Combine(RepositoryRoot, "Chatbot.LocalHost", "bin", configuration, "net10.0", "Chatbot.LocalHost.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostDll);
        if (!arguments.Contains("--port"))
        {
            start.ArgumentList.Add("--port");
            start.ArgumentList.Add("0");
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var host = new LocalHostProcess(Process.Start(start)!);
        host.process.OutputDataReceived += (_, line) => host.Capture(line.Data);
        host.process.ErrorDataReceived += (_, line) => host.Capture(line.Data);
        host.process.BeginOutputReadLine();
        host.process.BeginErrorReadLine();
        return host;
    }

    public Task WaitForExitAsync(TimeSpan timeout) => process.WaitForExitAsync().WaitAsync(timeout);

    /// <summary>The worker's process id, from the host's child processes.</summary>
    public int? WorkerProcessId()
        => Directory.EnumerateFiles($"/proc/{process.Id}/task", "children", SearchOption.AllDirectories)
            .SelectMany(children => File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(id => (int?)int.Parse(id, System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();

    /// <summary>The worker's command line, as any local user can read it in <c>/proc</c>.</summary>
    public IReadOnlyList<string> WorkerCommandLine()
        => File.ReadAllText($"/proc/{WorkerProcessId()}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>One variable of the worker's environment: readable in <c>/proc</c> only by its own user (and root).</summary>
    public string? WorkerEnvironmentVariable(string name)
        => File.ReadAllText($"/proc/{WorkerProcessId()}/environ").Split('\0')
            .Where(entry => entry.StartsWith(name + "=", StringComparison.Ordinal))
            .Select(entry => entry[(name.Length + 1)..])
            .FirstOrDefault();

    /// <summary>The host's gRPC address, from the worker's command line.</summary>
    public Uri RpcUri()
    {
        var arguments = WorkerCommandLine();
        var index = arguments.ToList().IndexOf("--functions-uri");
        return new Uri(arguments[index + 1]);
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        if (ReadyLine().Match(line) is { Success: true } match)
        {
            ready.TrySetResult(new Uri(match.Groups["url"].Value.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)));
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Chatbot.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Chatbot.sln not found above the test assembly.");
    }

    [GeneratedRegex(@"Host ready on (?<url>http://\S+)")]
    private static partial Regex ReadyLine();
}
