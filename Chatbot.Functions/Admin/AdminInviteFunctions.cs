using Chatbot.Core.Limits;
using Chatbot.Core.Operators;
using Chatbot.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Chatbot.Functions.Admin;

/// <summary>Invites, for an admin: <c>/admin/invites/</c> and <c>/admin/invites/{id}/</c>.</summary>
public sealed class AdminInviteFunctions(Invites invites, IOptions<ClientAddressOptions> addresses)
{
    private const string Invite = "The invite";

    [Function("AdminCreateInvite")]
    public async Task<IResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/invites")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.InviteRequest, cancellationToken);
        var invite = await invites.CreateAsync(
            AdminCaller.Of(context, request, addresses.Value.TrustedProxyHops), body.Uses, body.ExpiresInDays, cancellationToken);
        // The code is a credential shown once: no cache may keep a copy.
        return new NoStoreResult(ApiResults.Created(invite, ApiJsonContext.Default.NewInviteDto));
    }

    [Function("AdminListInvites")]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/invites")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var page = PageQuery.From(request);
        var list = await invites.ListAsync(page, cancellationToken);
        return new PagedResult<InviteDto>(list, page, invite => invite.Id, ApiJsonContext.Default.IReadOnlyListInviteDto);
    }

    [Function("AdminRevokeInvite")]
    public async Task<IResult> Revoke(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "admin/invites/{inviteId}")] HttpRequest request,
        string inviteId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        await invites.RevokeAsync(
            AdminCaller.Of(context, request, addresses.Value.TrustedProxyHops), RouteId.Parse(inviteId, Invite), cancellationToken);
        return ApiResults.NoContent();
    }
}
