using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace Chatbot.LocalHost;

/// <summary>
/// What the worker sees of a client's request: the client's own headers, except those only a host may set. Every
/// <c>x-ms-*</c> header is the host's to send (a client's <c>x-ms-invocation-id</c> would hijack the worker's
/// pairing of HTTP and gRPC), and <c>X-Forwarded-For</c>/<c>-Proto</c> name the connection we really saw, so the
/// worker can trust exactly one hop: us. On the way back the worker's answer passes unchanged, except that it does not
/// name its server (nor do we: Kestrel's AddServerHeader is off in Program.cs).
/// </summary>
internal sealed class ForwardedRequestTransformer(string invocationId) : HttpTransformer
{
    public const string InvocationIdHeader = "x-ms-invocation-id";

    /// <summary>Headers a client may not send on: the host's own namespace and the forwarding headers we set.</summary>
    public static bool IsHostOwned(string header)
        => header.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase)
            || header.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase)
            || header.Equals("X-Forwarded-Proto", StringComparison.OrdinalIgnoreCase);

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        foreach (var header in proxyRequest.Headers.Select(header => header.Key).Where(IsHostOwned).ToArray())
        {
            proxyRequest.Headers.Remove(header);
        }

        if (proxyRequest.Content is { } content)
        {
            foreach (var header in content.Headers.Select(header => header.Key).Where(IsHostOwned).ToArray())
            {
                content.Headers.Remove(header);
            }
        }

        proxyRequest.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
        if (httpContext.Connection.RemoteIpAddress is { } peer)
        {
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", (peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer).ToString());
        }

        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.Scheme);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copy = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        httpContext.Response.Headers.Remove(HeaderNames.Server);
        return copy;
    }
}
