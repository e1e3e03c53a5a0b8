using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Search;

/// <summary>
/// Full-text search of the caller's own prompts and answers, in every one of their sessions, best match first. Each
/// database searches with its own index (<see cref="MessageSearchIndex"/>); the query language is ours, the same on both.
/// </summary>
public sealed class MessageSearch(ChatbotDbContext db)
{
    public async Task<Page<SearchHit>> SearchAsync(long userId, SearchRequest request, CancellationToken cancellationToken)
    {
        // One more than the page, to tell whether another follows.
        var take = request.Limit + 1;
        var command = db.Database.IsNpgsql()
            ? PostgreSqlSearchSql.Command(request.Query, userId, take, request.Offset)
            : SqliteSearchSql.Command(request.Query, userId, take, request.Offset);
        var hits = await db.Database.SqlQueryRaw<SearchHit>(command.Sql, command.Parameters).ToListAsync(cancellationToken);
        return new Page<SearchHit>(
            hits.Take(request.Limit).Select(hit => hit with { CreatedAt = DateTime.SpecifyKind(hit.CreatedAt, DateTimeKind.Utc) }).ToList(),
            HasPrevious: request.Offset > 0,
            HasNext: hits.Count > request.Limit);
    }
}
