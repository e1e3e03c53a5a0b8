using System.Collections.Frozen;

namespace Chatbot.Functions.WebApp;

/// <summary>
/// The web page's files, embedded in the worker's assembly so they deploy with it. A request names a file by its
/// path under <c>assets/</c>; only names found here are served, so no path can reach outside them.
/// </summary>
internal static class WebAssets
{
    private const string Prefix = "webapp/";

    private static readonly FrozenDictionary<string, WebAsset> ByName = Load();

    /// <summary>The page itself, served at <c>/</c>.</summary>
    public static WebAsset Page => ByName["index.html"];

    /// <summary>The interactive API reference, served at <c>/docs/</c>.</summary>
    public static WebAsset Reference => ByName["docs.html"];

    public static IEnumerable<string> Names => ByName.Keys;

    public static WebAsset? Find(string? path)
        => path is not null && ByName.TryGetValue(path.Trim('/'), out var asset) ? asset : null;

    private static FrozenDictionary<string, WebAsset> Load()
    {
        var assembly = typeof(WebAssets).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(resource =>
            {
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                // MSBuild writes the folder separator of the machine that built it.
                var name = resource[Prefix.Length..].Replace('\\', '/');
                return new WebAsset(name, buffer.ToArray(), WebAsset.ContentTypeOf(name));
            })
            .ToFrozenDictionary(asset => asset.Name, StringComparer.Ordinal);
    }
}
