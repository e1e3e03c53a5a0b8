namespace Chatbot.Core.Limits;

/// <summary>
/// Setting <c>Limits__TrustedProxyHops</c>: how the client address that the per-address limits count is told apart
/// from what a client may write itself. Not a limit, so not in <see cref="LimitsOptions"/>; it still binds from the
/// <c>Limits</c> section, where deployments already set it.
/// </summary>
public sealed class ClientAddressOptions
{
    public const string SectionName = LimitsOptions.SectionName;

    /// <summary>
    /// Proxies in front of the app whose <c>X-Forwarded-For</c> entries are believed, counted from the right: the
    /// client address is the entry this many hops from the end. 0 uses the connection's peer address.
    /// </summary>
    public int TrustedProxyHops { get; set; } = 1;
}
