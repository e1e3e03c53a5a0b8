using Chatbot.Core.Operators;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Admin;

internal static class AdminCaller
{
    /// <summary>The admin calling (the middleware checked the role) and the address the call came from, for the audit log.</summary>
    public static AdminActor Of(FunctionContext context, HttpRequest request, int trustedProxyHops)
        => new(context.GetUser().Id, ClientAddress.Of(request, trustedProxyHops));
}
