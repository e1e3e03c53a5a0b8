using Chatbot.Core.Operators;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Auth;

/// <summary><c>/registration/</c>: who may sign up now, for a page to show the right form (an invite code field, a note on approval).</summary>
public sealed class RegistrationFunction(RegistrationSettings settings)
{
    [Function("GetRegistration")]
    [PublicFunction]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "registration")] HttpRequest request,
        CancellationToken cancellationToken)
        => ApiResults.Ok(
            new RegistrationModeDto(RegistrationModeNames.Name(await settings.GetModeAsync(cancellationToken))),
            ApiJsonContext.Default.RegistrationModeDto);
}
