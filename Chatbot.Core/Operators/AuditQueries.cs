using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Operators;

/// <summary>Reading the audit log: newest first, paged by line id, filtered by action and by user.</summary>
public sealed class AuditQueries(ChatbotDbContext db)
{
    public async Task<Page<AuditEntryDto>> ListAsync(AuditFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var lines = Matching(filter);
        if (page.Before is { } before)
        {
            return await lines.Where(entry => entry.Id > before).OrderBy(entry => entry.Id)
                .Select(AuditEntryDto.Projection).ToPageBackwardAsync(page.Limit, cancellationToken);
        }

        var after = page.After ?? long.MaxValue;
        return await lines.Where(entry => entry.Id < after).OrderByDescending(entry => entry.Id)
            .Select(AuditEntryDto.Projection).ToPageAsync(page.Limit, hasPrevious: page.After is not null, cancellationToken);
    }

    private IQueryable<AuditEntry> Matching(AuditFilter filter)
    {
        var lines = db.AuditLog.AsNoTracking();
        if (filter.Action is { } action)
        {
            lines = lines.Where(entry => entry.Action == action);
        }

        if (filter.UserId is { } userId)
        {
            var targetId = AuditTargets.Id(userId);
            lines = lines.Where(entry => entry.ActorId == userId
                || (entry.TargetType == AuditTargets.User && entry.TargetId == targetId));
        }

        return lines;
    }
}
