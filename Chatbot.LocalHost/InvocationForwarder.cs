using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Chatbot.LocalHost.Rpc;
using Yarp.ReverseProxy.Forwarder;

namespace Chatbot.LocalHost;

/// <summary>
/// One HTTP request to a function, done as the Functions host does it with the ASP.NET Core integration: an
/// InvocationRequest over gRPC and, at the same time, the original request forwarded to the worker's own HTTP
/// server with <c>x-ms-invocation-id</c>. The worker pairs the two and answers over HTTP, streamed straight back.
/// A function that runs past the app's <c>functionTimeout</c> is cancelled, as Azure's host does: its client is told so
/// (504 <c>worker_timeout</c>) if the answer had not begun, or its stream is cut if it had.
/// </summary>
internal sealed partial class InvocationForwarder(WorkerChannel channel, IHttpForwarder forwarder, FunctionApp app, ILogger<InvocationForwarder> logger)
{
    private readonly ForwarderRequestConfig requestConfig = new()
    {
        // The function's whole run is bounded by functionTimeout (see ForwardAsync); an idle timer any shorter would cut
        // answers that are slow but within it (a chat answer can take minutes).
        ActivityTimeout = app.FunctionTimeout ?? Timeout.InfiniteTimeSpan,
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    private readonly HttpMessageInvoker worker = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    });

    private string? workerUri;

    /// <summary>The worker's HTTP address (its HttpUri capability), once it listens there.</summary>
    public void Attach(Uri uri) => workerUri = uri.ToString();

    /// <summary>The worker is gone: until a new one attaches, requests are told to retry.</summary>
    public void Detach() => workerUri = null;

    public async Task ForwardAsync(HttpContext context, HttpFunction function)
    {
        if (workerUri is not { } destination)
        {
            await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "worker_not_ready", "The Functions worker is starting; retry in a moment.");
            return;
        }

        var invocationId = Guid.NewGuid().ToString();
        channel.Send(new StreamingMessage { RequestId = invocationId, InvocationRequest = BuildInvocation(context, function, invocationId) });

        // As the Functions host does: a client that hangs up, or a function that outlives its timeout, cancels the
        // invocation, which is what the token a function is given (FunctionContext.CancellationToken) means.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (app.FunctionTimeout is { } timeout)
        {
            ended.CancelAfter(timeout);
        }

        await using var cancelWhenEnded = ended.Token.Register(
            () => channel.Send(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = invocationId } }));
        var error = await forwarder.SendAsync(context, destination, worker, requestConfig, new ForwardedRequestTransformer(invocationId), ended.Token);
        if (error == ForwarderError.None)
        {
            return;
        }

        if (error == ForwarderError.RequestTimedOut || (ended.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested))
        {
            LogTimedOut(function.Name, app.FunctionTimeout);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await Problems.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "worker_timeout",
                    $"The function did not finish within the app's function timeout ({app.FunctionTimeout}) and was cancelled.");
            }

            return;
        }

        LogForwardFailed(function.Name, error, context.Features.Get<IForwarderErrorFeature>()?.Exception?.Message);
        if (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await Problems.WriteAsync(context, StatusCodes.Status502BadGateway, "worker_unreachable",
                "The Functions worker did not answer this request.");
        }
    }

    private static InvocationRequest BuildInvocation(HttpContext context, HttpFunction function, string invocationId)
    {
        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.Id,
            TraceContext = new RpcTraceContext { TraceParent = Activity.Current?.Id ?? "", TraceState = "" },
        };
        request.InputData.Add(new ParameterBinding { Name = function.TriggerParameter, Data = new TypedData { Http = new RpcHttp() } });
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is not null)
            {
                request.TriggerMetadata[name] = new TypedData { String = value.ToString() };
            }
        }

        request.TriggerMetadata["Query"] = new TypedData { Json = JsonSerializer.Serialize(context.Request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString())) };
        request.TriggerMetadata["Headers"] = new TypedData
        {
            Json = JsonSerializer.Serialize(context.Request.Headers
                .Where(pair => !ForwardedRequestTransformer.IsHostOwned(pair.Key))
                .ToDictionary(pair => pair.Key, pair => pair.Value.ToString())),
        };
        return request;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} ran past the function timeout ({Timeout}); its invocation was cancelled.")]
    private partial void LogTimedOut(string function, TimeSpan? timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding to {Function} failed: {Error} {Reason}")]
    private partial void LogForwardFailed(string function, ForwarderError error, string? reason);
}
