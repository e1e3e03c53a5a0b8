using System.Net.Http.Json;
using Chatbot.LocalHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Chatbot.Tests.LocalHost;

/// <summary>
/// What the worker receives of a client's headers, seen by a real server behind the real YARP forwarder with the
/// local host's transform, over loopback. (No function echoes headers, so the worker itself cannot be asked.)
/// </summary>
public sealed class ForwardedRequestTransformerTests : IAsyncLifetime
{
    private readonly HttpMessageInvoker invoker = new(new SocketsHttpHandler { UseProxy = false });
    private WebApplication echo = null!;
    private WebApplication proxy = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        echo = await StartAsync(_ => { }, app => app.Run(context => context.Response.WriteAsJsonAsync(
            context.Request.Headers.ToDictionary(pair => pair.Key.ToLowerInvariant(), pair => pair.Value.ToArray()))));
        var destination = Address(echo);
        // As the local host: its own Kestrel names no server (the echo server's Kestrel does, as the worker's would).
        proxy = await StartAsync(services => services.AddHttpForwarder().Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false), app => app.Run(async context =>
            await context.RequestServices.GetRequiredService<IHttpForwarder>().SendAsync(
                context, destination, invoker, ForwarderRequestConfig.Empty, new ForwardedRequestTransformer("host-invocation"))));
        client = new HttpClient { BaseAddress = new Uri(Address(proxy)) };
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await proxy.DisposeAsync();
        await echo.DisposeAsync();
        invoker.Dispose();
    }

    [Fact]
    public async Task Client_x_ms_headers_are_dropped_and_only_the_hosts_invocation_id_arrives()
    {
        var seen = await SendAsync(request =>
        {
            request.Headers.Add("x-ms-invocation-id", "spoofed");
            request.Headers.Add("X-MS-Client-Principal", "admin");
            request.Headers.Add("x-custom", "kept");
        });

        Assert.Equal(["host-invocation"], seen["x-ms-invocation-id"]);
        Assert.False(seen.ContainsKey("x-ms-client-principal"), "A client's x-ms-* header reached the worker.");
        Assert.Equal(["kept"], seen["x-custom"]);
    }

    [Fact]
    public async Task Forwarded_for_and_proto_name_the_real_connection_not_what_the_client_claims()
    {
        var seen = await SendAsync(request =>
        {
            request.Headers.Add("X-Forwarded-For", "203.0.113.7, 198.51.100.1");
            request.Headers.Add("X-Forwarded-Proto", "https");
        });

        Assert.Equal(["127.0.0.1"], seen["x-forwarded-for"]);
        Assert.Equal(["http"], seen["x-forwarded-proto"]);
    }

    [Fact]
    public async Task The_destinations_server_header_does_not_reach_the_client()
    {
        using var direct = await new HttpClient().GetAsync(new Uri(new Uri(Address(echo)), "/anything"));
        using var proxied = await client.GetAsync(new Uri("/anything", UriKind.Relative));

        Assert.True(direct.Headers.Contains("Server"), "The echo server should name itself, as the worker's Kestrel does.");
        Assert.False(proxied.Headers.Contains("Server"), $"The client saw Server: {string.Join(", ", proxied.Headers.Server)}.");
    }

    private async Task<Dictionary<string, string[]>> SendAsync(Action<HttpRequestMessage> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/anything");
        headers(request);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Dictionary<string, string[]>>())!;
    }

    private static async Task<WebApplication> StartAsync(Action<IServiceCollection> services, Action<WebApplication> pipeline)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        services(builder.Services);
        var app = builder.Build();
        pipeline(app);
        await app.StartAsync();
        return app;
    }

    private static string Address(WebApplication app)
        => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
