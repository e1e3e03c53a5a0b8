using Chatbot.Core.Auth;
using Chatbot.Core.Limits;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Chatbot.Functions.Auth;

/// <summary>
/// Logging out: SimpleJWT's blacklist (also at <c>/logout/</c>) ends the login a refresh token belongs to, and
/// <c>/logout/all/</c> ends every login of the caller.
/// </summary>
public sealed class LogoutFunctions(AccountLifecycle lifecycle, IOptions<ClientAddressOptions> clientAddresses)
{
    // Public: the refresh token is the credential, so a client whose access token has expired can still log out.
    [Function("BlacklistToken")]
    [PublicFunction]
    public Task<IResult> Blacklist(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/token/blacklist")] HttpRequest request,
        CancellationToken cancellationToken)
        => LogoutAsync(request, cancellationToken);

    [Function("Logout")]
    [PublicFunction]
    public Task<IResult> Logout(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "logout")] HttpRequest request,
        CancellationToken cancellationToken)
        => LogoutAsync(request, cancellationToken);

    [Function("LogoutEverywhere")]
    public async Task<IResult> LogoutEverywhere(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "logout/all")] HttpRequest request,
        FunctionContext context)
    {
        await lifecycle.LogoutEverywhereAsync(context.GetUser().Id, ClientAddress.Of(request, clientAddresses.Value.TrustedProxyHops));
        return ApiResults.NoContent();
    }

    private async Task<IResult> LogoutAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.RefreshRequest, cancellationToken);
        await lifecycle.LogoutAsync(body.Refresh, ClientAddress.Of(request, clientAddresses.Value.TrustedProxyHops), cancellationToken);
        return ApiResults.Ok(EmptyResponse.Instance, ApiJsonContext.Default.EmptyResponse);
    }
}
