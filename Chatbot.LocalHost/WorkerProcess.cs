using System.Diagnostics;

namespace Chatbot.LocalHost;

/// <summary>The worker as a child process: started with the arguments the Functions host passes, its id aside.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;

    private const string WorkerIdVariable = "Functions__Worker__WorkerId";

    private WorkerProcess(Process process) => this.process = process;

    public int ExitCode => process.ExitCode;

    public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    public static WorkerProcess Start(FunctionApp app, Uri rpcUri, string workerId, Action<string> output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = app.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            app.WorkerPath,
            "--functions-uri", rpcUri.ToString(),
            "--functions-request-id", Guid.NewGuid().ToString(),
            "--functions-grpc-max-message-length", "2147483647",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // As func does: local.settings.json Values (and a .env file's settings) become environment variables, but never
        // over the real environment.
        foreach (var (name, value) in app.LocalSettings)
        {
            if (Environment.GetEnvironmentVariable(name) is null)
            {
                start.Environment[name] = value;
            }
        }

        // The worker id is the one thing the worker presents when it connects (StartStream), so it is the proof that a
        // stream comes from the worker we started: it goes in the environment, which only the worker's own user can
        // read, never on the command line, which every local user can. The worker reads it as configuration
        // (Functions:Worker:WorkerId), as it would read --functions-worker-id. No inherited spelling may compete with it.
        foreach (var inherited in start.Environment.Keys.Where(IsWorkerIdVariable).ToArray())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment[WorkerIdVariable] = workerId;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = app.Directory;
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = app.Directory;
        if (Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT") is null && !app.LocalSettings.ContainsKey("AZURE_FUNCTIONS_ENVIRONMENT"))
        {
            start.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) output(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) output(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process);
    }

    /// <summary>Names configuration's <c>Functions:Worker:WorkerId</c> (keys are case-insensitive; <c>__</c> is <c>:</c>).</summary>
    private static bool IsWorkerIdVariable(string name)
        => name.Replace("__", ":", StringComparison.Ordinal).Equals("Functions:Worker:WorkerId", StringComparison.OrdinalIgnoreCase);

    /// <summary>Kills the worker and anything it started; safe to call more than once.</summary>
    public void Stop()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Releases the handle only: stopping is the supervisor's decision (<see cref="Stop"/>).</summary>
    public void Dispose() => process.Dispose();
}
