using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Functions.Http;

/// <summary>
/// The one error that happens outside every function: the ASP.NET Core integration pairs each request the host forwards
/// with the host's gRPC invocation of the same id, and waits 5 s for it (a constant of the integration). When the
/// invocation does not come in time (a host or worker too busy to pass it on), the integration throws a
/// <see cref="TimeoutException"/> before any middleware of ours runs, and Kestrel would answer a bare 500. This puts an
/// ASP.NET Core middleware in front of the integration's, so that the client gets the app's problem+json instead.
/// </summary>
internal sealed class InvocationWaitTimeoutFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, pipeline) =>
        {
            try
            {
                await pipeline(context);
            }
            catch (TimeoutException) when (!context.Response.HasStarted)
            {
                // Our functions' own failures never get here: ProblemMiddleware answers them inside the function.
                context.Response.Clear();
                context.Response.Headers.XContentTypeOptions = "nosniff";
                await new ProblemResult(StatusCodes.Status504GatewayTimeout, "worker_timeout",
                    "The function did not start in time: the worker never received its invocation. Retry in a moment.").ExecuteAsync(context);
            }
        });
        next(app);
    };
}
