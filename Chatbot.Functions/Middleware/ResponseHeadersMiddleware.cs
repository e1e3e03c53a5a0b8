using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Chatbot.Functions.Middleware;

/// <summary>
/// Headers every answer from the worker carries, whatever the function and whether it succeeds or fails.
/// <c>X-Content-Type-Options: nosniff</c> keeps a browser from reading a JSON or text answer as HTML or script.
/// </summary>
internal sealed class ResponseHeadersMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        // Set before the function runs: the result is written to the response after every middleware has returned.
        if (context.GetHttpContext() is { } httpContext)
        {
            httpContext.Response.Headers.XContentTypeOptions = "nosniff";
        }

        return next(context);
    }
}
