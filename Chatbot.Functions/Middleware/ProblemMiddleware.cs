using Chatbot.Core.Errors;
using Chatbot.Core.Telemetry;
using Chatbot.Functions.Completions;
using Chatbot.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Chatbot.Functions.Middleware;

/// <summary>
/// Turns every failure into problem+json in one place: expected problems with their own status, anything else a
/// 500 that says nothing about our insides (the exception goes to the log, not to the caller).
/// </summary>
internal sealed partial class ProblemMiddleware(ILogger<ProblemMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception error) when (Unwrap(error) is ProblemException problem)
        {
            if (problem.InnerException is { } cause)
            {
                LogUpstreamProblem(context.FunctionDefinition.Name, problem.Code, cause.Message);
            }

            if (problem.Kind == ProblemKind.TooManyRequests)
            {
                ChatTelemetry.Refused(problem.Code);
            }

            context.GetInvocationResult().Value = FunctionAccessRules.SpeaksOpenAi(context.FunctionDefinition.EntryPoint)
                ? OpenAiErrorResult.From(problem)
                : ProblemResult.From(problem);
        }
        catch (Exception error) when (!IsCancelled(error, context))
        {
            LogCrash(error, context.FunctionDefinition.Name, context.InvocationId);
            var detail = $"Something went wrong on our side. Reference: {context.InvocationId}.";
            context.GetInvocationResult().Value = FunctionAccessRules.SpeaksOpenAi(context.FunctionDefinition.EntryPoint)
                ? OpenAiErrorResult.Crash(detail)
                : new ProblemResult(500, "internal_error", detail);
        }
    }

    // The invocation's own token was cancelled (the host's InvocationCancel: the caller left, or the host stops).
    // Nobody waits for an answer: the worker reports the invocation as cancelled, and it is not a crash to log.
    private static bool IsCancelled(Exception error, FunctionContext context)
        => Unwrap(error) is OperationCanceledException && context.CancellationToken.IsCancellationRequested;

    // The worker may wrap a function's exception when it rethrows it through its own invoker.
    private static Exception Unwrap(Exception error)
        => error is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0]
            : error.InnerException is ProblemException inner && error is not ProblemException ? inner
            : error;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} answered {Code}: {Cause}")]
    private partial void LogUpstreamProblem(string function, string code, string cause);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} failed (invocation {InvocationId})")]
    private partial void LogCrash(Exception error, string function, string invocationId);
}
