namespace Chatbot.Functions.Http;

internal static class RequestLimits
{
    /// <summary>
    /// Room for the longest prompt (32,000 characters by default) even when every character is escaped in JSON;
    /// anything bigger is refused before it is read.
    /// </summary>
    public const int MaxBodyBytes = 256 * 1024;

    public const int MaxJsonDepth = 16;
}
