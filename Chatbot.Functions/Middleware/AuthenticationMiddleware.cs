using System.Collections.Concurrent;
using System.Reflection;
using Chatbot.Core.Auth;
using Chatbot.Core.Errors;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Functions.Middleware;

/// <summary>
/// JWT bearer authentication for functions marked <see cref="RequiresUserAttribute"/>: the caller is put in
/// <see cref="FunctionContext.Items"/> for the function to ask for; no function parses the header itself.
/// </summary>
internal sealed class AuthenticationMiddleware : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, bool> RequiresUserByFunction = new();

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (RequiresUserByFunction.GetOrAdd(context.FunctionId, static (_, definition) => RequiresUser(definition), context.FunctionDefinition))
        {
            var header = context.GetHttpContext()?.Request.Headers.Authorization.ToString();
            var token = BearerToken(header) ?? throw new ProblemException(
                ProblemKind.Unauthorized, "not_authenticated", "Authentication credentials were not provided.");
            var accounts = context.InstanceServices.GetRequiredService<AccountService>();
            context.SetUser(await accounts.AuthenticateAsync(token) ?? throw ProblemException.InvalidToken());
        }

        await next(context);
    }

    private static string? BearerToken(string? header)
    {
        const string scheme = "Bearer ";
        return header is not null && header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }

    // The entry point is "Namespace.Type.Method"; the attribute is looked up once per function.
    private static bool RequiresUser(FunctionDefinition definition)
    {
        var split = definition.EntryPoint.LastIndexOf('.');
        var type = typeof(AuthenticationMiddleware).Assembly.GetType(definition.EntryPoint[..split]);
        var method = type?.GetMethod(definition.EntryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
        return method?.GetCustomAttribute<RequiresUserAttribute>() is not null;
    }
}
