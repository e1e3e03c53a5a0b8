using System.Collections.Concurrent;
using Chatbot.Core.ApiKeys;
using Chatbot.Core.Auth;
using Chatbot.Core.Errors;
using Chatbot.Core.Operators;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Functions.Middleware;

/// <summary>
/// Bearer authentication, deny by default: every function needs a caller with a valid access token unless it is
/// marked <see cref="PublicFunctionAttribute"/>, and an <c>admin/</c> route needs an active admin besides
/// (<see cref="FunctionAccessRules"/>). A bearer token that starts with <c>cb-</c> is a personal API key: it is
/// accepted only by a function marked <see cref="AcceptsApiKeyAttribute"/> with a scope the key has, never by an
/// account or admin route. The caller is put in <see cref="FunctionContext.Items"/> for the function to ask for; no
/// function parses the header itself.
/// </summary>
internal sealed class AuthenticationMiddleware : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, FunctionRules> RulesByFunction = new();

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var rules = RulesByFunction.GetOrAdd(context.FunctionId, static (_, entryPoint) => new FunctionRules(
            FunctionAccessRules.Of(entryPoint), FunctionAccessRules.ApiKeyScopeOf(entryPoint)), context.FunctionDefinition.EntryPoint);
        if (rules.Access != FunctionAccess.Anyone)
        {
            var header = context.GetHttpContext()?.Request.Headers.Authorization.ToString();
            var token = BearerToken(header) ?? throw new ProblemException(
                ProblemKind.Unauthorized, "not_authenticated", "Authentication credentials were not provided.");
            var user = ApiKeySecret.IsKeyLike(token)
                ? await AuthenticateKeyAsync(context, token, rules.ApiKeyScope)
                : await context.InstanceServices.GetRequiredService<LoginTokens>().AuthenticateAsync(token) ?? throw ProblemException.InvalidToken();
            if (rules.Access == FunctionAccess.Admin)
            {
                await context.InstanceServices.GetRequiredService<AdminGate>().EnsureAdminAsync(user.Id, context.CancellationToken);
            }

            context.SetUser(user);
        }

        await next(context);
    }

    private static async Task<AuthenticatedUser> AuthenticateKeyAsync(FunctionContext context, string key, string? scope)
    {
        var grant = await context.InstanceServices.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(key)
            ?? throw ProblemException.InvalidToken();
        if (scope is null)
        {
            throw new ProblemException(ProblemKind.Forbidden, "api_key_not_allowed",
                "API keys cannot be used here: sign in to manage the account.");
        }

        if (!grant.HasScope(scope))
        {
            throw new ProblemException(ProblemKind.Forbidden, "api_key_scope_missing", $"This API key lacks the \"{scope}\" scope.");
        }

        context.InstanceServices.GetRequiredService<ApiKeyCaller>().Grant = grant;
        return new AuthenticatedUser(grant.UserId);
    }

    private static string? BearerToken(string? header)
    {
        const string scheme = "Bearer ";
        return header is not null && header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }

    private sealed record FunctionRules(FunctionAccess Access, string? ApiKeyScope);
}
