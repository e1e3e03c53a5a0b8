using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Middleware;

/// <summary>Who may call a function: anyone, a signed-in user, or an active admin.</summary>
internal enum FunctionAccess
{
    Anyone,
    SignedInUser,
    Admin,
}

internal static class FunctionAccessRules
{
    private const string AdminRoutePrefix = "admin/";

    /// <summary>
    /// Who may call the function at <paramref name="entryPoint"/> ("Namespace.Type.Method"); looked up once per
    /// function. Deny by default: a method that cannot be found needs an admin, any other needs a signed-in user unless
    /// marked <see cref="PublicFunctionAttribute"/>, and a route under <c>admin/</c> needs an admin unless marked
    /// <see cref="SignedInUserFunctionAttribute"/>.
    /// </summary>
    public static FunctionAccess Of(string entryPoint)
    {
        var method = MethodOf(entryPoint);
        if (method is null)
        {
            return FunctionAccess.Admin;
        }

        if (method.GetCustomAttribute<PublicFunctionAttribute>() is not null)
        {
            return FunctionAccess.Anyone;
        }

        var route = method.GetParameters()
            .Select(parameter => parameter.GetCustomAttribute<HttpTriggerAttribute>()?.Route)
            .FirstOrDefault(route => route is not null);
        return route is not null && route.StartsWith(AdminRoutePrefix, StringComparison.OrdinalIgnoreCase)
            && method.GetCustomAttribute<SignedInUserFunctionAttribute>() is null
                ? FunctionAccess.Admin
                : FunctionAccess.SignedInUser;
    }

    /// <summary>The scope an API key needs to call the function (<see cref="AcceptsApiKeyAttribute"/>); null: no key may.</summary>
    public static string? ApiKeyScopeOf(string entryPoint) => MethodOf(entryPoint)?.GetCustomAttribute<AcceptsApiKeyAttribute>()?.Scope;

    /// <summary>Whether the function's errors take OpenAI's shape (<see cref="OpenAiErrorsAttribute"/>).</summary>
    public static bool SpeaksOpenAi(string entryPoint) => MethodOf(entryPoint)?.GetCustomAttribute<OpenAiErrorsAttribute>() is not null;

    private static MethodInfo? MethodOf(string entryPoint)
    {
        var split = entryPoint.LastIndexOf('.');
        var type = split < 0 ? null : typeof(FunctionAccessRules).Assembly.GetType(entryPoint[..split]);
        return type?.GetMethod(entryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
    }
}
