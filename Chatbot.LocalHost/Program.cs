using System.Net;
using Chatbot.LocalHost;
using Microsoft.AspNetCore.Server.Kestrel.Core;

LocalHostOptions options;
FunctionApp app;
try
{
    options = LocalHostOptions.Parse(args);
    app = FunctionApp.Load(options.FunctionsDirectory);
}
catch (Exception error) when (error is ArgumentException or IOException)
{
    await Console.Error.WriteLineAsync($"Chatbot.LocalHost: {error.Message}");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder(args.Where(_ => false).ToArray());
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
builder.Logging.AddFilter("Grpc", LogLevel.Warning);
builder.Logging.AddFilter("Yarp", LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    // Nothing buffers on the way out: answers, Server-Sent Events included, stream through as the worker writes them.
    kestrel.AddServerHeader = false;
    kestrel.ListenLocalhost(options.Port);
    kestrel.Listen(IPAddress.Loopback, options.RpcPort, listen => listen.Protocols = HttpProtocols.Http2);
});
builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = null);
builder.Services.AddHttpForwarder();
builder.Services.AddRouting();
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(app);
builder.Services.AddSingleton<WorkerChannel>();
builder.Services.AddSingleton<FunctionEndpointDataSource>();
builder.Services.AddSingleton<InvocationForwarder>();
builder.Services.AddHostedService<WorkerSupervisor>();
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));

var host = builder.Build();
var endpoints = host.Services.GetRequiredService<FunctionEndpointDataSource>();

// Routing runs inside this: what it leaves unanswered gets the same problem+json the app speaks.
host.Use(async (context, next) =>
{
    if (context.Connection.LocalPort == options.RpcPort)
    {
        await next(context);
        return;
    }

    if (!endpoints.IsPublished)
    {
        await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "worker_not_ready", "The Functions worker is still starting; retry in a moment.");
        return;
    }

    await next(context);
    if (context.Response.HasStarted)
    {
        return;
    }

    if (context.Response.StatusCode is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed
        && context.GetEndpoint() is not RouteEndpoint)
    {
        var allowed = endpoints.MethodsFor(context.Request.Path);
        if (allowed.Count > 0)
        {
            context.Response.Headers.Allow = string.Join(", ", allowed);
            await Problems.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "method_not_allowed",
                $"{context.Request.Method} is not allowed on {context.Request.Path}; use {string.Join(", ", allowed)}.");
        }
        else
        {
            await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "not_found", $"No function answers {context.Request.Path}.");
        }
    }
});
host.UseRouting();
host.MapGrpcService<FunctionRpcService>();
((IEndpointRouteBuilder)host).DataSources.Add(endpoints);

// Ctrl+C, SIGTERM and a normal exit all stop the worker with us (WorkerSupervisor.StopAsync); this covers the rest.
// The supervisor is looked up now: by the time the process exits, the service provider is disposed.
var supervisor = host.Services.GetServices<IHostedService>().OfType<WorkerSupervisor>().Single();
AppDomain.CurrentDomain.ProcessExit += (_, _) => supervisor.Dispose();

await host.RunAsync();
return Environment.ExitCode;
