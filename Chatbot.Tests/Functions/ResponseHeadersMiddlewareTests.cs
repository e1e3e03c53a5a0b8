using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Chatbot.Tests.Fixtures;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Tests.Functions;

/// <summary>The headers every answer from the worker carries, whatever the function did.</summary>
public sealed class ResponseHeadersMiddlewareTests
{
    private const string EntryPoint = "Chatbot.Functions.Usage.UsageFunction.Get";

    [Fact]
    public async Task Every_answer_says_nosniff_even_a_crash_turned_into_a_500()
    {
        var http = TestHttp.Context();
        var context = TestInvocation.For(EntryPoint, http);
        var problems = ProblemMiddlewareTests.Create(new CapturedLogs());

        // As Program.cs orders them: the headers middleware outside the problem middleware.
        await new ResponseHeadersMiddleware().Invoke(context, invocation => problems.Invoke(invocation, _ => throw new InvalidOperationException("boom")));
        var answer = await TestHttp.ExecuteAsync(Assert.IsType<ProblemResult>(context.GetInvocationResult().Value), http);

        answer.AssertProblem(500, "internal_error");
        Assert.Equal("nosniff", answer.Header("X-Content-Type-Options").ToString());
    }

    [Fact]
    public async Task The_header_is_set_before_the_function_writes_anything()
    {
        var http = TestHttp.Context();
        string? seenByFunction = null;

        await new ResponseHeadersMiddleware().Invoke(TestInvocation.For(EntryPoint, http), _ =>
        {
            seenByFunction = http.Response.Headers.XContentTypeOptions;
            return Task.CompletedTask;
        });

        Assert.Equal("nosniff", seenByFunction);
    }

    [Fact]
    public async Task An_invocation_without_http_runs_untouched()
    {
        var ran = false;

        await new ResponseHeadersMiddleware().Invoke(TestInvocation.For(EntryPoint), _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        Assert.True(ran);
    }
}
