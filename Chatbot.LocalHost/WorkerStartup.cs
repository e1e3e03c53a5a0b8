namespace Chatbot.LocalHost;

/// <summary>
/// The start-up conversation with a newly started worker: init (learning its HttpUri), metadata, one load per
/// function. Its result is the worker's HTTP functions, ready to route to.
/// </summary>
internal static class WorkerStartup
{
    public static async Task<IReadOnlyList<HttpFunction>> RunAsync(
        WorkerConversation conversation, FunctionApp app, InvocationForwarder forwarder, CancellationToken cancellationToken)
    {
        await conversation.Connected.WaitAsync(cancellationToken);
        var init = await conversation.InitializeAsync(app.Directory, cancellationToken);
        if (!init.Capabilities.TryGetValue("HttpUri", out var httpUri))
        {
            throw new InvalidOperationException("The worker did not offer an HttpUri: is the ASP.NET Core integration configured?");
        }

        var metadata = await conversation.DescribeAsync(app.Directory, cancellationToken);
        var functions = new List<HttpFunction>();
        foreach (var function in metadata.FunctionMetadataResults)
        {
            var loaded = await conversation.LoadAsync(function, cancellationToken);
            if (loaded.Result?.Status != Rpc.StatusResult.Types.Status.Success)
            {
                throw new InvalidOperationException($"The worker could not load {function.Name}: {loaded.Result?.Exception?.Message}");
            }

            if (HttpFunction.From(function) is { } http)
            {
                functions.Add(http);
            }
        }

        // Only now: the worker opens its HTTP port after the loads, and a request sent before would be refused (502).
        // "localhost" may try ::1 first, where the worker does not listen.
        var reported = new Uri(httpUri);
        var uri = new UriBuilder(reported) { Host = reported.IsLoopback ? "127.0.0.1" : reported.Host }.Uri;
        await WaitUntilListeningAsync(uri, cancellationToken);
        forwarder.Attach(uri);
        return functions;
    }

    private static async Task WaitUntilListeningAsync(Uri uri, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(uri.Host, uri.Port, cancellationToken);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
    }
}
