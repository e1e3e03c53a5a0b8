using Chatbot.Core.Limits;
using Chatbot.Core.Operators;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Chatbot.Functions.Admin;

/// <summary>
/// <c>/admin/bootstrap/</c>: the first admin, claimed with <c>Admin__BootstrapToken</c> by a signed-in user, while there
/// is no admin to ask.
/// </summary>
public sealed class AdminBootstrapFunction(AdminBootstrap bootstrap, IOptions<ClientAddressOptions> addresses)
{
    // Not an admin yet: that is what the caller asks to become.
    [Function("AdminBootstrap")]
    [SignedInUserFunction]
    public async Task<IResult> Claim(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/bootstrap")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.BootstrapRequest, cancellationToken);
        var account = await bootstrap.ClaimAsync(
            context.GetUser().Id, body.Token, ClientAddress.Of(request, addresses.Value.TrustedProxyHops), cancellationToken);
        return ApiResults.Ok(account, ApiJsonContext.Default.AccountDto);
    }
}
