using System.Collections;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NSubstitute;

namespace Chatbot.Tests.Functions;

/// <summary>
/// A <see cref="FunctionContext"/> as the worker's ASP.NET Core integration hands it to our middlewares: the
/// <see cref="HttpContext"/> in <see cref="FunctionContext.Items"/> under the integration's own key, the function's
/// definition, and a real feature collection holding the invocation's bindings, where
/// <c>GetInvocationResult()</c> reads and writes.
/// </summary>
internal static class TestInvocation
{
    /// <summary>
    /// Where <c>FunctionsHttpProxyingMiddleware</c> (Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore
    /// 2.1.1, <c>Constants.HttpContextKey</c>) puts the request; <c>GetHttpContext()</c> reads it from there.
    /// </summary>
    public const string HttpContextKey = "HttpRequestContext";

    public static FunctionContext For(
        string entryPoint,
        HttpContext? httpContext = null,
        IServiceProvider? services = null,
        CancellationToken cancellationToken = default)
    {
        var definition = Substitute.For<FunctionDefinition>();
        definition.EntryPoint.Returns(entryPoint);
        definition.Name.Returns(entryPoint[(entryPoint.LastIndexOf('.') + 1)..]);

        var context = Substitute.For<FunctionContext>();
        var items = new Dictionary<object, object>();
        if (httpContext is not null)
        {
            items[HttpContextKey] = httpContext;
        }

        // The middlewares cache per function id; one id per entry point keeps tests from seeing each other's answers.
        context.FunctionId.Returns(entryPoint);
        context.InvocationId.Returns(Guid.NewGuid().ToString());
        context.FunctionDefinition.Returns(definition);
        context.Items.Returns(items);
        context.Features.Returns(new Features());
        context.CancellationToken.Returns(cancellationToken);
        context.InstanceServices.Returns(services ?? TestHttp.Services);
        return context;
    }

    /// <summary>
    /// The invocation's features with its bindings feature, the one <c>GetInvocationResult()</c> uses. That interface
    /// is internal to the worker, which lets the proxy generator (DynamicProxyGenAssembly2) see it, so it is
    /// substituted by its runtime type: its <c>InvocationResult</c> keeps what is set, like a plain property.
    /// </summary>
    private sealed class Features : IInvocationFeatures
    {
        private static readonly Type BindingsFeature = typeof(FunctionContext).Assembly.GetType(
            "Microsoft.Azure.Functions.Worker.Context.Features.IFunctionBindingsFeature", throwOnError: true)!;

        private readonly Dictionary<Type, object> features = new() { [BindingsFeature] = Substitute.For([BindingsFeature], []) };

        public void Set<T>(T instance) => features[typeof(T)] = instance!;

        public T? Get<T>() => features.TryGetValue(typeof(T), out var feature) ? (T)feature : default;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => features.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
