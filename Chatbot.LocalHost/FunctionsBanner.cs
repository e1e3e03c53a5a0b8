namespace Chatbot.LocalHost;

/// <summary>The start-up listing <c>func start</c> prints: each function's methods and URL, then the ready line.</summary>
internal static class FunctionsBanner
{
    public static void Print(IEnumerable<HttpFunction> functions, int port, string routePrefix)
    {
        var baseUrl = $"http://localhost:{port}";
        var prefix = string.IsNullOrEmpty(routePrefix) ? "" : "/" + routePrefix;
        Console.WriteLine();
        Console.WriteLine("Functions:");
        Console.WriteLine();
        foreach (var function in functions.OrderBy(function => function.Route, StringComparer.Ordinal))
        {
            var methods = function.Methods.Count == 0 ? "ALL" : string.Join(",", function.Methods);
            Console.WriteLine($"        {function.Name}: [{methods}] {baseUrl}{prefix}/{function.Route}");
        }

        Console.WriteLine();
        Console.WriteLine($"Host ready on {baseUrl}");
    }
}
