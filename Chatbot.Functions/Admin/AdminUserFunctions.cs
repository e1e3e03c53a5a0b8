using Chatbot.Core.Limits;
using Chatbot.Core.Operators;
using Chatbot.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Chatbot.Functions.Admin;

/// <summary>The accounts, for an admin: <c>/admin/users/</c> and <c>/admin/users/{id}/</c>.</summary>
public sealed class AdminUserFunctions(UserDirectory directory, UserAdministration administration, IOptions<ClientAddressOptions> addresses)
{
    private const string User = "The user";

    [Function("AdminListUsers")]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/users")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var filter = UserFilter.Parse(PageQuery.Value(request, "q"), PageQuery.Value(request, "role"), PageQuery.Value(request, "status"));
        var page = PageQuery.From(request);
        var users = await directory.ListAsync(filter, page, cancellationToken);
        return new PagedResult<AdminUserDto>(users, page, user => user.Id, ApiJsonContext.Default.IReadOnlyListAdminUserDto);
    }

    [Function("AdminGetUser")]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/users/{userId}")] HttpRequest request,
        string userId,
        CancellationToken cancellationToken)
        => ApiResults.Ok(await directory.GetAsync(RouteId.Parse(userId, User), cancellationToken), ApiJsonContext.Default.AdminUserDetailDto);

    [Function("AdminUpdateUser")]
    public async Task<IResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "admin/users/{userId}")] HttpRequest request,
        string userId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var id = RouteId.Parse(userId, User);
        var fields = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.DictionaryStringJsonElement, cancellationToken);
        var actor = AdminCaller.Of(context, request, addresses.Value.TrustedProxyHops);
        var user = await administration.UpdateAsync(actor, id, UserPatchBody.Read(fields), cancellationToken);
        return ApiResults.Ok(user, ApiJsonContext.Default.AdminUserDetailDto);
    }

    [Function("AdminDeleteUser")]
    public async Task<IResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "admin/users/{userId}")] HttpRequest request,
        string userId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var id = RouteId.Parse(userId, User);
        await administration.DeleteAsync(AdminCaller.Of(context, request, addresses.Value.TrustedProxyHops), id, cancellationToken);
        return ApiResults.NoContent();
    }
}
