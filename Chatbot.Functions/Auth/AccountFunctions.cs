using Chatbot.Core.Auth;
using Chatbot.Core.Limits;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Chatbot.Functions.Auth;

/// <summary>The caller's own account: <c>/me/</c> and <c>/me/password/</c>.</summary>
public sealed class AccountFunctions(AccountLifecycle lifecycle, IOptions<ClientAddressOptions> clientAddresses)
{
    [Function("GetAccount")]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
        => ApiResults.Ok(await lifecycle.GetAsync(context.GetUser().Id, cancellationToken), ApiJsonContext.Default.AccountDto);

    [Function("ChangePassword")]
    public async Task<IResult> ChangePassword(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/password")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.ChangePasswordRequest, cancellationToken);
        var pair = await lifecycle.ChangePasswordAsync(
            context.GetUser().Id, body.CurrentPassword, body.NewPassword, ClientAddress.Of(request, clientAddresses.Value.TrustedProxyHops), cancellationToken);
        return new NoStoreResult(ApiResults.Ok(pair, ApiJsonContext.Default.TokenPair));
    }

    [Function("DeleteAccount")]
    public async Task<IResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "me")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.DeleteAccountRequest, cancellationToken);
        await lifecycle.DeleteAsync(
            context.GetUser().Id, body.CurrentPassword, ClientAddress.Of(request, clientAddresses.Value.TrustedProxyHops), cancellationToken);
        return ApiResults.NoContent();
    }
}
