using Chatbot.Core.Auth;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Middleware;

internal static class FunctionContextUserExtensions
{
    private const string UserKey = "Chatbot.User";

    /// <summary>The caller of a function that is not marked <see cref="PublicFunctionAttribute"/>, authenticated by <see cref="AuthenticationMiddleware"/>.</summary>
    public static AuthenticatedUser GetUser(this FunctionContext context)
        => context.Items.TryGetValue(UserKey, out var user) && user is AuthenticatedUser authenticated
            ? authenticated
            : throw new InvalidOperationException($"{context.FunctionDefinition.Name} asked for the user but is marked [PublicFunction].");

    internal static void SetUser(this FunctionContext context, AuthenticatedUser user) => context.Items[UserKey] = user;
}
