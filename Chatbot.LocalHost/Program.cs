using System.Net;
using Chatbot.LocalHost;
using Microsoft.AspNetCore.Server.Kestrel.Core;

LocalHostOptions options;
FunctionApp app;
try
{
    options = LocalHostOptions.Parse(args);
    app = FunctionApp.Load(options.FunctionsDirectory, options.EnvFile);
}
catch (Exception error) when (error is ArgumentException or IOException)
{
    await Console.Error.WriteLineAsync($"Chatbot.LocalHost: {error.Message}");
    return 2;
}

// No args: the command line is ours (LocalHostOptions), not ASP.NET Core configuration.
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
builder.Logging.AddFilter("Grpc", LogLevel.Warning);
// A failed forward is logged once, by InvocationForwarder, without YARP's stack trace of a refused connection.
builder.Logging.AddFilter("Yarp", LogLevel.Error);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    // No "Server: Kestrel" on our own answers; the worker's lose theirs in ForwardedRequestTransformer.
    kestrel.AddServerHeader = false;
    // The Functions host passes bodies up to 100 MB on to the worker; the functions refuse what is too big for them,
    // with their own 413, rather than Kestrel cutting the connection at its default 30 MB.
    kestrel.Limits.MaxRequestBodySize = 100 * 1024 * 1024;
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

await host.RunAsync();
return Environment.ExitCode;
