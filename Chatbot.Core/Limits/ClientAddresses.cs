namespace Chatbot.Core.Limits;

public static class ClientAddresses
{
    /// <summary>The longest textual IPv6 address (an IPv4-mapped one) is 45 characters; room to spare.</summary>
    public const int MaxLength = 64;
}
