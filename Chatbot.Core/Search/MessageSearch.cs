using Chatbot.Core.Attachments;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Limits;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Search;

/// <summary>
/// Full-text search of the caller's own prompts and answers, in every one of their sessions, best match first. Each
/// database searches with its own index (<see cref="MessageSearchIndex"/>); the query language is ours, the same on both.
/// After the text hits come the messages found by their files' names alone (<see cref="FileNameSearch"/>).
/// Each search counts against the user's <see cref="SearchLimit"/> first.
/// </summary>
public sealed class MessageSearch(ChatbotDbContext db, SearchLimit limit)
{
    public async Task<Page<SearchHit>> SearchAsync(long userId, SearchRequest request, CancellationToken cancellationToken)
    {
        await limit.EnsureAllowedAsync(userId, cancellationToken);
        var take = Paging.RowsToRead(request.Limit);
        var command = db.Database.IsNpgsql()
            ? PostgreSqlSearchSql.Command(request.Query, userId, take, request.Offset)
            : SqliteSearchSql.Command(request.Query, userId, take, request.Offset);
        var rows = await db.Database.SqlQueryRaw<SearchRow>(command.Sql, command.Parameters).ToListAsync(cancellationToken);
        var attachments = await db.AttachmentsOfAsync(rows.ConvertAll(row => row.MessageId), cancellationToken);
        return Paging.Forward(
            rows.ConvertAll(row => new SearchHit(
                row.MessageId,
                row.SessionId,
                row.SessionTitle,
                row.FileName is null ? row.Snippet : FileNameSearch.Snippet(row.FileName, request.Query),
                DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc))
            {
                Attachments = attachments.GetValueOrDefault(row.MessageId) ?? AttachmentSummaries.None,
            }),
            request.Limit,
            hasPrevious: request.Offset > 0);
    }
}
