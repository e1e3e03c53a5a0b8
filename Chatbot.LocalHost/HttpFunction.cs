using System.Text.Json;
using Chatbot.LocalHost.Rpc;

namespace Chatbot.LocalHost;

/// <summary>An HTTP-triggered function as the worker described it: its id, route template and methods.</summary>
internal sealed record HttpFunction(string Id, string Name, string TriggerParameter, string Route, IReadOnlyList<string> Methods)
{
    /// <summary>The HTTP trigger of a function, from its raw binding JSON; null for other trigger kinds.</summary>
    public static HttpFunction? From(RpcFunctionMetadata metadata)
    {
        foreach (var raw in metadata.RawBindings)
        {
            using var binding = JsonDocument.Parse(raw);
            var root = binding.RootElement;
            if (!root.TryGetProperty("type", out var type) || !string.Equals(type.GetString(), "httpTrigger", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var route = root.TryGetProperty("route", out var routeValue) && routeValue.ValueKind == JsonValueKind.String
                ? routeValue.GetString()!
                : metadata.Name;
            var methods = root.TryGetProperty("methods", out var methodValues) && methodValues.ValueKind == JsonValueKind.Array
                ? methodValues.EnumerateArray().Select(method => method.GetString()!.ToUpperInvariant()).ToArray()
                : [];
            var name = root.TryGetProperty("name", out var nameValue) ? nameValue.GetString() ?? "req" : "req";
            return new HttpFunction(metadata.FunctionId, metadata.Name, name, route.Trim('/'), methods);
        }

        return null;
    }
}
