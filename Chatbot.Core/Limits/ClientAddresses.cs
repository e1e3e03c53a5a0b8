namespace Chatbot.Core.Limits;

public static class ClientAddresses
{
    /// <summary>The longest textual IPv6 address (an IPv4-mapped one) is 45 characters; room to spare.</summary>
    public const int MaxLength = 64;

    /// <summary>The hosting layer hands us parsed addresses; this only keeps a stray caller from breaking the insert.</summary>
    public static string Fit(string clientAddress) => clientAddress.Length > MaxLength ? clientAddress[..MaxLength] : clientAddress;
}
