using System.Security.Cryptography;

namespace Chatbot.Functions.WebApp;

/// <summary>One file of the web page, held in memory with what a browser needs to cache and trust it.</summary>
internal sealed record WebAsset(string Name, byte[] Content, string ContentType)
{
    /// <summary>A strong validator from the content, so a reload after a deployment never shows a stale script.</summary>
    public string ETag { get; } = $"\"{Convert.ToHexStringLower(SHA256.HashData(Content))[..16]}\"";

    public static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}
