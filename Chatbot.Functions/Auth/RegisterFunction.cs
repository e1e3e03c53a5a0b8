using Chatbot.Core.Auth;
using Chatbot.Core.Limits;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Chatbot.Functions.Auth;

public sealed class RegisterFunction(AccountRegistration registration, IOptions<ClientAddressOptions> clientAddresses)
{
    [Function("Register")]
    [PublicFunction]
    public async Task<IResult> Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "register")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.RegisterRequest, cancellationToken);
        var user = await registration.RegisterAsync(
            body.Username, body.Email, body.Password, body.InviteCode, ClientAddress.Of(request, clientAddresses.Value.TrustedProxyHops), cancellationToken);
        return ApiResults.Created(user, ApiJsonContext.Default.UserDto);
    }
}
