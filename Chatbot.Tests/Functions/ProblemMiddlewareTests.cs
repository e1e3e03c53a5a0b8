using Chatbot.Core.Errors;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Chatbot.Tests.Fixtures;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chatbot.Tests.Functions;

/// <summary>Every failure of a function becomes the answer the caller gets: its problem, or a 500 that tells nothing.</summary>
public sealed class ProblemMiddlewareTests
{
    private const string EntryPoint = "Chatbot.Functions.Chats.ChatSessionFunctions.List";

    private readonly CapturedLogs logs = new();

    [Fact]
    public async Task A_problem_becomes_its_own_answer()
    {
        var context = TestInvocation.For(EntryPoint);

        await Middleware().Invoke(context, _ => throw ProblemException.NotFound("The chat session"));

        (await AnswerAsync(context)).AssertProblem(404, "not_found");
        Assert.Empty(logs.Entries);
    }

    [Fact]
    public async Task A_problem_the_worker_wrapped_is_unwrapped()
    {
        var context = TestInvocation.For(EntryPoint);
        var wrappers = new Exception[]
        {
            new AggregateException(ProblemException.InvalidToken()),
            new InvalidOperationException("Function invocation failed.", ProblemException.InvalidToken()),
        };

        foreach (var wrapper in wrappers)
        {
            await Middleware().Invoke(context, _ => throw wrapper);

            (await AnswerAsync(context)).AssertProblem(401, "token_not_valid");
        }
    }

    [Fact]
    public async Task An_upstream_cause_is_logged_but_not_answered()
    {
        var context = TestInvocation.For(EntryPoint);
        var cause = new HttpRequestException("connection refused by 10.0.0.7");

        await Middleware().Invoke(context, _ => throw new ProblemException(ProblemKind.BadGateway, "gemini_error", "Gemini failed.", cause));

        var answer = await AnswerAsync(context);
        answer.AssertProblem(502, "gemini_error");
        Assert.DoesNotContain("10.0.0.7", answer.Body, StringComparison.Ordinal);
        var logged = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains("connection refused by 10.0.0.7", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crash_is_a_500_that_leaks_nothing_and_is_logged_with_the_reference()
    {
        var context = TestInvocation.For(EntryPoint);

        await Middleware().Invoke(context, _ => throw new InvalidOperationException("Connection string Password=hunter2 is wrong."));

        var answer = await AnswerAsync(context);
        var problem = answer.AssertProblem(500, "internal_error");
        Assert.Equal($"Something went wrong on our side. Reference: {context.InvocationId}.", problem.GetProperty("detail").GetString());
        Assert.Equal(["type", "title", "status", "detail", "code"], problem.EnumerateObject().Select(member => member.Name));
        foreach (var secret in new[] { "hunter2", nameof(InvalidOperationException), "   at " })
        {
            Assert.DoesNotContain(secret, answer.Body, StringComparison.Ordinal);
        }

        var logged = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains(context.InvocationId, logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_invocation_is_let_through_as_a_cancellation_not_logged_as_a_crash()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var context = TestInvocation.For(EntryPoint, cancellationToken: cancelled.Token);

        await Assert.ThrowsAsync<TaskCanceledException>(() => Middleware().Invoke(context, _ => Task.Delay(1000, cancelled.Token)));

        Assert.Null(context.GetInvocationResult().Value);
        Assert.Empty(logs.Entries);
    }

    /// <summary>A timeout inside us (an HttpClient giving up, say) is our failure, not the caller leaving.</summary>
    [Fact]
    public async Task A_cancellation_the_invocation_did_not_ask_for_is_a_crash()
    {
        var context = TestInvocation.For(EntryPoint);

        await Middleware().Invoke(context, _ => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout."));

        (await AnswerAsync(context)).AssertProblem(500, "internal_error");
        Assert.Equal(LogLevel.Error, Assert.Single(logs.Entries).Level);
    }

    [Fact]
    public async Task A_function_that_succeeds_keeps_its_result()
    {
        var context = TestInvocation.For(EntryPoint);
        var result = ApiResults.NoContent();

        await Middleware().Invoke(context, invocation =>
        {
            invocation.GetInvocationResult().Value = result;
            return Task.CompletedTask;
        });

        Assert.Same(result, context.GetInvocationResult().Value);
    }

    /// <summary>The middleware as the worker builds it, logging into <paramref name="logs"/>.</summary>
    internal static ProblemMiddleware Create(CapturedLogs logs)
        => new(LoggerFactory.Create(logging => logging.AddProvider(logs)).CreateLogger<ProblemMiddleware>());

    private ProblemMiddleware Middleware() => Create(logs);

    private static Task<ExecutedResult> AnswerAsync(FunctionContext context)
        => TestHttp.ExecuteAsync(Assert.IsType<ProblemResult>(context.GetInvocationResult().Value));
}
