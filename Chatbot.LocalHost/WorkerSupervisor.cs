namespace Chatbot.LocalHost;

/// <summary>
/// Runs the worker for the life of the host: starts it once our gRPC port is bound, holds the start-up
/// conversation, publishes the routes, and stops the host (exit code 1) if the worker dies.
/// </summary>
internal sealed partial class WorkerSupervisor(
    FunctionApp app,
    LocalHostOptions options,
    WorkerChannel channel,
    FunctionEndpointDataSource endpoints,
    InvocationForwarder forwarder,
    IHostApplicationLifetime lifetime,
    ILogger<WorkerSupervisor> logger) : BackgroundService
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private WorkerProcess? worker;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WhenStartedAsync(stoppingToken);
        var rpcUri = new Uri($"http://127.0.0.1:{options.RpcPort}/");
        Console.WriteLine($"Starting the worker from {app.Directory} (route prefix \"{app.RoutePrefix}\") ...");
        worker = WorkerProcess.Start(app, rpcUri, Guid.NewGuid().ToString(), line => LogWorkerOutput(line));

        // The worker goes first when the host stops: Kestrel drains before hosted services stop, and the worker's
        // gRPC stream would otherwise hold that drain open for seconds while the worker lives on.
        lifetime.ApplicationStopping.Register(worker.Stop);
        _ = WatchAsync(worker, stoppingToken);

        try
        {
            using var startup = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            startup.CancelAfter(StartupTimeout);
            await channel.Connected.WaitAsync(startup.Token);
            var init = await channel.InitializeAsync(app.Directory, startup.Token);
            if (!init.Capabilities.TryGetValue("HttpUri", out var httpUri))
            {
                throw new InvalidOperationException("The worker did not offer an HttpUri: is the ASP.NET Core integration configured?");
            }

            forwarder.Attach(new Uri(httpUri));
            var metadata = await channel.DescribeAsync(app.Directory, startup.Token);
            var functions = new List<HttpFunction>();
            foreach (var function in metadata.FunctionMetadataResults)
            {
                var loaded = await channel.LoadAsync(function, startup.Token);
                if (loaded.Result?.Status != Rpc.StatusResult.Types.Status.Success)
                {
                    throw new InvalidOperationException($"The worker could not load {function.Name}: {loaded.Result?.Exception?.Message}");
                }

                if (HttpFunction.From(function) is { } http)
                {
                    functions.Add(http);
                }
            }

            endpoints.Publish(functions, app.RoutePrefix, function => context => forwarder.ForwardAsync(context, function));
            PrintFunctions(functions);
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            LogStartFailed(error.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        worker?.Dispose();
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        worker?.Dispose();
        base.Dispose();
    }

    private async Task WatchAsync(WorkerProcess process, CancellationToken stoppingToken)
    {
        try
        {
            await process.WaitForExitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The host is stopping and stopped the worker itself.
            return;
        }

        LogWorkerExited(process.ExitCode);
        Environment.ExitCode = process.ExitCode == 0 ? 1 : process.ExitCode;
        lifetime.StopApplication();
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    private void PrintFunctions(IEnumerable<HttpFunction> functions)
    {
        var baseUrl = $"http://localhost:{options.Port}";
        var prefix = string.IsNullOrEmpty(app.RoutePrefix) ? "" : "/" + app.RoutePrefix;
        Console.WriteLine();
        Console.WriteLine("Functions:");
        Console.WriteLine();
        foreach (var function in functions.OrderBy(function => function.Route, StringComparer.Ordinal))
        {
            var methods = function.Methods.Count == 0 ? "ALL" : string.Join(",", function.Methods);
            Console.WriteLine($"        {function.Name}: [{methods}] {baseUrl}{prefix}/{function.Route}");
        }

        Console.WriteLine();
        Console.WriteLine($"Host ready on {baseUrl}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "worker: {Line}")]
    private partial void LogWorkerOutput(string line);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The worker did not start: {Reason}")]
    private partial void LogStartFailed(string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The worker exited with code {ExitCode}; stopping the host.")]
    private partial void LogWorkerExited(int exitCode);
}
