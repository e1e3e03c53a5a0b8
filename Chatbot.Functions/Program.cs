using Chatbot.Core;
using Chatbot.Core.Data;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Chatbot.Functions.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Outermost first: the common headers go on every answer, and every problem, including an authentication
// failure, becomes problem+json.
builder.UseMiddleware<ResponseHeadersMiddleware>();
builder.UseMiddleware<ProblemMiddleware>();
builder.UseMiddleware<DatabaseReadyMiddleware>();
builder.UseMiddleware<AuthenticationMiddleware>();

// One line per SQL command or request is noise at thousands of requests a second; EF's warnings still show.
builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
// HttpClient logs four lines for every Gemini call and Polly one for every attempt, and the worker sends each line over
// gRPC to the host: a large share of a message's CPU spent on lines nobody reads (docs/performance.md has the figures).
// Retries and failures are warnings, and still show.
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
builder.Logging.AddFilter("Polly", LogLevel.Warning);

// The worker's own HTTP server: no "Server: Kestrel" on its answers, which a host (ours, or Azure's) would pass on to
// clients, and problem+json for the one failure that happens outside every function (InvocationWaitTimeoutFilter).
// Bodies up to Azure's own 100 MB reach the functions, which refuse what is too big for them with their own 413
// (in OpenAI's shape on /v1/) instead of Kestrel's bare one at 30 MB.
builder.Services.Configure<KestrelServerOptions>(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestBodySize = 100 * 1024 * 1024;
});
builder.Services.AddSingleton<IStartupFilter, InvocationWaitTimeoutFilter>();

builder.Services.AddChatbotCore(builder.Configuration, builder.Environment.IsDevelopment());
builder.Services.AddChatbotTelemetry(builder.Configuration);

var app = builder.Build();
// The schema is brought up to date while the worker connects to its host and loads its functions, not before: the two
// overlap in a cold start. Requests wait for it (DatabaseReadyMiddleware); if it fails, the app stops.
var database = app.Services.GetRequiredService<DatabaseReadiness>().Start();
// Taken before the start: a start that fails disposes the services, and the initialization can fail after that.
var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
try
{
    var running = app.RunAsync();
    if (await Task.WhenAny(database, running) == database && database.Exception?.InnerException is { } failure)
    {
        lifetime.StopApplication();
        try
        {
            // A bad setting fails the start too, and tears the services down under the initialization (which then
            // fails for that): the setting is the reason to tell, and it is thrown from here.
            await running;
        }
        catch (Exception interrupted) when (interrupted is not OptionsValidationException)
        {
            // Stopped while it was still starting: what that cut short (a cancelled connect to the host, say) is not
            // the reason.
        }

        await Console.Error.WriteLineAsync(CannotStart(failure));
        return 1;
    }

    await running;
    return 0;
}
catch (OptionsValidationException invalid)
{
    await Console.Error.WriteLineAsync(CannotStart(invalid));
    return 1;
}

// One clear line, and no stack trace: a bad setting or an unreachable database is an operator's matter, not a crash.
// The local host reads the prefix as the reason a first worker stopped (WorkerStartAttempt.CannotStartPrefix).
static string CannotStart(Exception failure) => "Chatbot cannot start: " + (failure is OptionsValidationException invalid
    ? string.Join(" ", invalid.Failures)
    : $"the database could not be prepared: {failure.Message}");
