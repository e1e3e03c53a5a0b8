using System.Collections.Concurrent;
using System.Reflection;
using Chatbot.Core.Auth;
using Chatbot.Core.Errors;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Functions.Middleware;

/// <summary>
/// JWT bearer authentication, deny by default: every function needs a caller with a valid access token unless it is
/// marked <see cref="PublicFunctionAttribute"/>. The caller is put in <see cref="FunctionContext.Items"/> for the
/// function to ask for; no function parses the header itself.
/// </summary>
internal sealed class AuthenticationMiddleware : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, bool> RequiresUserByFunction = new();

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (RequiresUserByFunction.GetOrAdd(context.FunctionId, static (_, entryPoint) => RequiresUser(entryPoint), context.FunctionDefinition.EntryPoint))
        {
            var header = context.GetHttpContext()?.Request.Headers.Authorization.ToString();
            var token = BearerToken(header) ?? throw new ProblemException(
                ProblemKind.Unauthorized, "not_authenticated", "Authentication credentials were not provided.");
            var tokens = context.InstanceServices.GetRequiredService<LoginTokens>();
            context.SetUser(await tokens.AuthenticateAsync(token) ?? throw ProblemException.InvalidToken());
        }

        await next(context);
    }

    /// <summary>
    /// Whether the function at <paramref name="entryPoint"/> ("Namespace.Type.Method") needs a user; looked up once
    /// per function. A method that cannot be found is protected too: an unknown is never public.
    /// </summary>
    internal static bool RequiresUser(string entryPoint)
    {
        var split = entryPoint.LastIndexOf('.');
        var type = split < 0 ? null : typeof(AuthenticationMiddleware).Assembly.GetType(entryPoint[..split]);
        var method = type?.GetMethod(entryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
        return method?.GetCustomAttribute<PublicFunctionAttribute>() is null;
    }

    private static string? BearerToken(string? header)
    {
        const string scheme = "Bearer ";
        return header is not null && header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }
}
