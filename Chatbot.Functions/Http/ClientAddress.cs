using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Functions.Http;

/// <summary>
/// The address a request came from, for the login and registration limits. <c>X-Forwarded-For</c> is believed
/// only as far as <c>Limits__TrustedProxyHops</c> proxies we run wrote it, counted from the right: anything to
/// the left of that was written by the client and is whatever it wants it to be.
/// </summary>
internal static class ClientAddress
{
    public const string Unknown = "unknown";

    public static string Of(HttpRequest request, int trustedProxyHops)
        => Resolve(request.HttpContext.Connection.RemoteIpAddress, request.Headers["X-Forwarded-For"].ToString(), trustedProxyHops);

    public static string Resolve(IPAddress? peer, string? forwardedFor, int trustedProxyHops)
    {
        var address = peer;
        var entries = forwardedFor?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (trustedProxyHops > 0 && entries.Length > 0)
        {
            // Fewer entries than hops: the leftmost was written by our outermost proxy, so it is still ours to believe.
            var believed = entries[Math.Max(entries.Length - trustedProxyHops, 0)];
            // A malformed entry cannot name a client; the peer is the one address nobody could forge.
            address = Parse(believed) ?? peer;
        }

        return address is null ? Unknown : Canonical(address).ToString();
    }

    private static IPAddress? Parse(string entry)
    {
        if (IPAddress.TryParse(entry, out var address))
        {
            return address;
        }

        // Some proxies (Azure's front end among them) write the client's port too: "203.0.113.7:51234", "[2001:db8::1]:443".
        return IPEndPoint.TryParse(entry, out var endpoint) ? endpoint.Address : null;
    }

    /// <summary>One spelling per client: IPv4 seen over IPv6 as itself, and no interface-local scope id.</summary>
    private static IPAddress Canonical(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes()) : address;
    }
}
