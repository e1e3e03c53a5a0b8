using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.Primitives;

namespace Chatbot.LocalHost;

/// <summary>
/// ASP.NET Core routing endpoints for the worker's functions, published once the worker has described them. Routing
/// then does what the Functions host does: case-insensitive templates, an optional trailing slash, constraints,
/// and a 405 (with Allow) for a path that exists under other methods.
/// </summary>
internal sealed class FunctionEndpointDataSource : EndpointDataSource
{
    private readonly object gate = new();
    private IReadOnlyList<Endpoint> endpoints = [];
    private CancellationTokenSource changed = new();

    public override IReadOnlyList<Endpoint> Endpoints => endpoints;

    public bool IsPublished { get; private set; }

    public override IChangeToken GetChangeToken() => new CancellationChangeToken(changed.Token);

    /// <summary>The methods of the functions whose route matches <paramref name="path"/>, whatever the method: for 405's Allow.</summary>
    public IReadOnlyList<string> MethodsFor(PathString path)
        => endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), []).TryMatch(path, []))
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    public void Publish(IEnumerable<HttpFunction> functions, string routePrefix, Func<HttpFunction, RequestDelegate> handlerFor)
    {
        var built = functions.Select(function =>
        {
            var template = string.IsNullOrEmpty(routePrefix) ? function.Route : $"{routePrefix}/{function.Route}";
            var builder = new RouteEndpointBuilder(handlerFor(function), RoutePatternFactory.Parse(template), order: 0)
            {
                DisplayName = function.Name,
            };
            if (function.Methods.Count > 0)
            {
                builder.Metadata.Add(new HttpMethodMetadata(function.Methods));
            }

            builder.Metadata.Add(function);
            return builder.Build();
        }).ToArray();

        CancellationTokenSource previous;
        lock (gate)
        {
            endpoints = built;
            IsPublished = true;
            previous = changed;
            changed = new CancellationTokenSource();
        }

        previous.Cancel();
        previous.Dispose();
    }
}
