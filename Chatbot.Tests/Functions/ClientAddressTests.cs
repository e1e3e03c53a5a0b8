using System.Net;
using Chatbot.Functions.Http;

namespace Chatbot.Tests.Functions;

public sealed class ClientAddressTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.4");

    [Fact]
    public void With_no_trusted_hops_the_peer_is_the_client_whatever_the_header_says()
        => Assert.Equal("10.0.0.4", ClientAddress.Resolve(Proxy, "203.0.113.5", trustedProxyHops: 0));

    [Theory]
    [InlineData("203.0.113.5", "203.0.113.5")]
    [InlineData("6.6.6.6, 203.0.113.5", "203.0.113.5")]
    [InlineData("203.0.113.5:51234", "203.0.113.5")]
    [InlineData("[2001:db8::7]:443", "2001:db8::7")]
    [InlineData("::ffff:203.0.113.5", "203.0.113.5")]
    public void With_one_hop_the_rightmost_entry_is_the_client_and_forged_entries_to_its_left_are_ignored(string header, string client)
        => Assert.Equal(client, ClientAddress.Resolve(Proxy, header, trustedProxyHops: 1));

    [Theory]
    [InlineData("6.6.6.6, 203.0.113.5, 10.0.0.9", "203.0.113.5")]
    [InlineData("203.0.113.5", "203.0.113.5")]
    public void With_two_hops_the_second_entry_from_the_right_is_the_client(string header, string client)
        => Assert.Equal(client, ClientAddress.Resolve(Proxy, header, trustedProxyHops: 2));

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("6.6.6.6, 203.0.113.999")]
    [InlineData(" , ")]
    [InlineData("")]
    [InlineData(null)]
    public void A_malformed_or_missing_header_falls_back_to_the_peer(string? header)
        => Assert.Equal("10.0.0.4", ClientAddress.Resolve(Proxy, header, trustedProxyHops: 1));

    [Fact]
    public void No_peer_and_no_header_is_one_unknown_client()
        => Assert.Equal(ClientAddress.Unknown, ClientAddress.Resolve(null, null, trustedProxyHops: 1));

    [Fact]
    public void The_request_gives_its_peer_and_every_X_Forwarded_For_value()
    {
        var request = TestHttp.Context().Request;
        request.HttpContext.Connection.RemoteIpAddress = Proxy;
        request.Headers["X-Forwarded-For"] = new Microsoft.Extensions.Primitives.StringValues(["6.6.6.6", "203.0.113.5"]);

        Assert.Equal("203.0.113.5", ClientAddress.Of(request, trustedProxyHops: 1));
    }
}
