using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Chatbot.Functions.Middleware;

/// <summary>
/// Holds the first requests of a fresh instance until its database is ready (<see cref="DatabaseReadiness"/>): the
/// host may route to the worker while migrations still run. Once ready, this is one property read per request.
/// </summary>
internal sealed class DatabaseReadyMiddleware(DatabaseReadiness database) : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next) =>
        database.IsReady ? next(context) : WaitThenInvoke(context, next);

    private async Task WaitThenInvoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await database.WhenReadyAsync(context.CancellationToken);
        }
        catch (Exception failure) when (!database.IsReady && failure is not OperationCanceledException)
        {
            // The start failed and the worker is ending (Program.cs says why); this caller may retry on the next one.
            throw new ProblemException(
                ProblemKind.Unavailable, "database_unavailable", "The database could not be prepared; retry in a moment.", failure)
            {
                RetryAfter = TimeSpan.FromSeconds(5),
            };
        }

        await next(context);
    }
}
