namespace Chatbot.LocalHost;

/// <summary>
/// Runs the worker for the life of the host: starts it once our gRPC port is bound, holds the start-up
/// conversation, publishes the routes, and restarts a worker that crashes (see <see cref="RestartPolicy"/>). A
/// worker that fails its very first start (unless another process took its port) or says it cannot start (see
/// <see cref="WorkerStartAttempt"/>), or that keeps crashing, stops the host with a non-zero exit code.
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
    private static readonly TimeSpan ClosingGrace = TimeSpan.FromSeconds(5);
    private readonly RestartPolicy restarts = new(options.MaxRestartsPerMinute, TimeProvider.System);
    private readonly object gate = new();
    private WorkerProcess? worker;
    private bool hostStopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WhenStartedAsync(stoppingToken);

        // The worker goes first when the host stops: Kestrel drains before hosted services stop, and the worker's
        // gRPC stream would otherwise hold that drain open for seconds while the worker lives on.
        lifetime.ApplicationStopping.Register(() => StopWorker(forGood: true));
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        Console.WriteLine($"Starting the worker from {app.Directory} (route prefix \"{app.RoutePrefix}\") ...");
        var rpcUri = new Uri($"http://127.0.0.1:{options.RpcPort}/");
        var everServed = false;
        var portRetries = WorkerStartAttempt.PortTakenRetries;
        while (true)
        {
            var recent = new RecentLines();
            var attempt = new WorkerStartAttempt();
            var conversation = channel.Begin(recent);
            using var started = StartWorker(rpcUri, conversation.WorkerId, recent, attempt);
            if (started is null)
            {
                return;
            }

            var first = !everServed;
            var failure = await StartUpAsync(conversation, started, first, stopping.Token);
            everServed |= failure is null;
            await started.WaitForExitAsync(CancellationToken.None);
            if (IsHostStopping)
            {
                return;
            }

            if (first && attempt.CannotStart is { } reason)
            {
                GiveUp($"The worker did not start: {reason}", started.ExitCode == 0 ? 1 : started.ExitCode);
                return;
            }

            if (!everServed && attempt.PortTaken && portRetries-- > 0)
            {
                LogPortTaken();
                continue;
            }

            if (!everServed)
            {
                GiveUp($"The worker did not start: {failure}", 1);
                return;
            }

            forwarder.Detach();
            LogWorkerExited(started.ExitCode);
            if (restarts.NextDelay() is not { } delay)
            {
                LogLastLines(recent.ToString());
                GiveUp($"The worker keeps crashing: the limit of {options.MaxRestartsPerMinute} restarts a minute is used up.", started.ExitCode == 0 ? 1 : started.ExitCode);
                return;
            }

            LogRestarting(delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private bool IsHostStopping
    {
        get
        {
            lock (gate)
            {
                return hostStopping;
            }
        }
    }

    /// <summary>The conversation with a fresh worker; null once it serves, else why it did not.</summary>
    private async Task<string?> StartUpAsync(WorkerConversation conversation, WorkerProcess started, bool first, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(StartupTimeout);
        var startup = WorkerStartup.RunAsync(conversation, app, forwarder, timeout.Token);
        var exited = started.WaitForExitAsync(CancellationToken.None);
        if (await Task.WhenAny(startup, exited) == exited)
        {
            return $"it exited with code {started.ExitCode}.";
        }

        try
        {
            var functions = await startup;
            endpoints.Publish(functions, app.RoutePrefix, function => context => forwarder.ForwardAsync(context, function));
            if (first)
            {
                FunctionsBanner.Print(functions, options.Port, app.RoutePrefix);
            }
            else
            {
                LogRestarted();
            }

            return null;
        }
        catch (Exception error) when (error is InvalidOperationException or IOException or OperationCanceledException)
        {
            // A worker that fails its start-up is ended: the first stops the host, a restarted one is restarted again.
            // One that closed its stream is ending by itself: it gets a moment to say why before it is killed.
            if (error is IOException)
            {
                await Task.WhenAny(exited, Task.Delay(ClosingGrace, CancellationToken.None));
            }

            StopWorker(forGood: false);
            return error.Message;
        }
    }

    private WorkerProcess? StartWorker(Uri rpcUri, string workerId, RecentLines recent, WorkerStartAttempt attempt)
    {
        lock (gate)
        {
            worker = hostStopping ? null : WorkerProcess.Start(app, rpcUri, workerId, line =>
            {
                recent.Add(line);
                attempt.Observe(line);
                LogWorkerOutput(line);
            });
            return worker;
        }
    }

    /// <summary>The one place the worker is stopped: when the host stops (for good), or when its start-up hangs.</summary>
    private void StopWorker(bool forGood)
    {
        WorkerProcess? running;
        lock (gate)
        {
            hostStopping |= forGood;
            running = worker;
        }

        running?.Stop();
    }

    private bool GiveUp(string reason, int exitCode)
    {
        LogGivingUp(reason);
        Environment.ExitCode = exitCode;
        lifetime.StopApplication();
        return true;
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "worker: {Line}")]
    private partial void LogWorkerOutput(string line);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Reason} Stopping the host.")]
    private partial void LogGivingUp(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The worker exited with code {ExitCode}.")]
    private partial void LogWorkerExited(int exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restarting the worker in {Seconds} s; until then requests get 503.")]
    private partial void LogRestarting(double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Another process took the worker's HTTP port while it started; starting it again.")]
    private partial void LogPortTaken();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The worker restarted and serves again.")]
    private partial void LogRestarted();

    [LoggerMessage(Level = LogLevel.Critical, Message = "The worker's last lines:\n{Lines}")]
    private partial void LogLastLines(string lines);
}
