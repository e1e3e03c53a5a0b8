using Chatbot.Core;
using Chatbot.Core.Data;
using Chatbot.Functions.Middleware;
using Chatbot.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Outermost first: the common headers go on every answer, and every problem, including an authentication
// failure, becomes problem+json.
builder.UseMiddleware<ResponseHeadersMiddleware>();
builder.UseMiddleware<ProblemMiddleware>();
builder.UseMiddleware<AuthenticationMiddleware>();

// One line per SQL command or request is noise at thousands of requests a second; EF's warnings still show.
builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
// HttpClient logs four lines for every Gemini call and Polly one for every attempt, each shipped to the host: turning
// them off (with Gemini's body sent with its length) took a third off a message's worker CPU in bench/run.sh.
// Retries and failures are warnings, and still show.
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
builder.Logging.AddFilter("Polly", LogLevel.Warning);

builder.Services.AddChatbotCore(builder.Configuration, builder.Environment.IsDevelopment());
builder.Services.AddChatbotTelemetry(builder.Configuration);

var app = builder.Build();
try
{
    await DatabaseInitializer.InitializeAsync(app.Services);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException invalid)
{
    // One clear line, and no stack trace: a bad setting is an operator's mistake, not a crash.
    await Console.Error.WriteLineAsync($"Chatbot cannot start: {string.Join(" ", invalid.Failures)}");
    return 1;
}
