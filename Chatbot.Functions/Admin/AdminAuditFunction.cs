using Chatbot.Core.Operators;
using Chatbot.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Admin;

/// <summary>The audit log, newest first: <c>/admin/audit/?action=&amp;user=</c>.</summary>
public sealed class AdminAuditFunction(AuditQueries audit)
{
    [Function("AdminAudit")]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/audit")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var filter = AuditFilter.Parse(PageQuery.Value(request, "action"), PageQuery.Value(request, "user"));
        var page = PageQuery.From(request);
        var lines = await audit.ListAsync(filter, page, cancellationToken);
        return new PagedResult<AuditEntryDto>(lines, page, line => line.Id, ApiJsonContext.Default.IReadOnlyListAuditEntryDto);
    }
}
