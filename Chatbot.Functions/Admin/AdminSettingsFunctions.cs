using Chatbot.Core.Limits;
using Chatbot.Core.Operators;
using Chatbot.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Chatbot.Functions.Admin;

/// <summary>The deployment's run-time settings, for an admin: <c>/admin/settings/</c>.</summary>
public sealed class AdminSettingsFunctions(RegistrationSettings registration, IOptions<ClientAddressOptions> addresses)
{
    [Function("AdminGetSettings")]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/settings")] HttpRequest request,
        CancellationToken cancellationToken)
        => ApiResults.Ok(await registration.GetAsync(cancellationToken), ApiJsonContext.Default.DeploymentSettingsDto);

    [Function("AdminUpdateSettings")]
    public async Task<IResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "admin/settings")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.SettingsPatchRequest, cancellationToken);
        var settings = await registration.UpdateAsync(
            AdminCaller.Of(context, request, addresses.Value.TrustedProxyHops), body.RegistrationMode, cancellationToken);
        return ApiResults.Ok(settings, ApiJsonContext.Default.DeploymentSettingsDto);
    }
}
