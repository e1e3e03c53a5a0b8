using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Tests.Functions;

/// <summary>The substitute context is only worth testing with if the worker's own extensions read it as they read the real one.</summary>
public sealed class TestInvocationTests
{
    [Fact]
    public void The_worker_finds_the_http_context_where_the_substitute_puts_it()
    {
        var http = TestHttp.Context();

        Assert.Same(http, TestInvocation.For("Some.Type.Method", http).GetHttpContext());
        Assert.Null(TestInvocation.For("Some.Type.Method").GetHttpContext());
    }

    [Fact]
    public void The_invocation_result_keeps_what_is_set()
    {
        var context = TestInvocation.For("Some.Type.Method");
        var result = new object();

        context.GetInvocationResult().Value = result;

        Assert.Same(result, context.GetInvocationResult().Value);
    }
}
