using System.Collections.Concurrent;
using Chatbot.Core.Auth;
using Chatbot.Core.Errors;
using Chatbot.Core.Operators;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Functions.Middleware;

/// <summary>
/// JWT bearer authentication, deny by default: every function needs a caller with a valid access token unless it is
/// marked <see cref="PublicFunctionAttribute"/>, and an <c>admin/</c> route needs an active admin besides
/// (<see cref="FunctionAccessRules"/>). The caller is put in <see cref="FunctionContext.Items"/> for the function to
/// ask for; no function parses the header itself.
/// </summary>
internal sealed class AuthenticationMiddleware : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, FunctionAccess> AccessByFunction = new();

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var access = AccessByFunction.GetOrAdd(context.FunctionId, static (_, entryPoint) => FunctionAccessRules.Of(entryPoint), context.FunctionDefinition.EntryPoint);
        if (access != FunctionAccess.Anyone)
        {
            var header = context.GetHttpContext()?.Request.Headers.Authorization.ToString();
            var token = BearerToken(header) ?? throw new ProblemException(
                ProblemKind.Unauthorized, "not_authenticated", "Authentication credentials were not provided.");
            var tokens = context.InstanceServices.GetRequiredService<LoginTokens>();
            var user = await tokens.AuthenticateAsync(token) ?? throw ProblemException.InvalidToken();
            if (access == FunctionAccess.Admin)
            {
                await context.InstanceServices.GetRequiredService<AdminGate>().EnsureAdminAsync(user.Id, context.CancellationToken);
            }

            context.SetUser(user);
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
}
