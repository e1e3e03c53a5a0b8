using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Chats;

/// <summary>
/// Reading a session's messages: a page of the current branch (or of every branch), or the whole conversation for
/// export.
/// </summary>
public sealed class MessageReader(ChatbotDbContext db)
{
    /// <summary>
    /// A page of the session's messages, oldest first: the current branch, or with <paramref name="allBranches"/> every
    /// message of the tree. Paging walks the (session, id) index (ids grow down every branch), so a page costs the same
    /// in a session of a hundred messages or of a hundred thousand.
    /// </summary>
    public async Task<Page<MessageDto>> ListAsync(
        long userId, long sessionId, PageRequest page, bool allBranches, CancellationToken cancellationToken)
    {
        await db.ChatSessions.EnsureOwnedAsync(userId, sessionId, cancellationToken);
        var messages = db.Messages.AsNoTracking().Where(message => message.SessionId == sessionId);
        if (!allBranches)
        {
            messages = messages.Where(message => message.OnCurrentBranch);
        }

        Page<MessageDto> found;
        if (page.Before is { } before)
        {
            found = await messages.Where(message => message.Id < before).OrderByDescending(message => message.Id)
                .Select(MessageDto.Projection).ToPageBackwardAsync(page.Limit, cancellationToken);
        }
        else
        {
            var after = page.After ?? 0;
            found = await messages.Where(message => message.Id > after).OrderBy(message => message.Id)
                .Select(MessageDto.Projection).ToPageAsync(page.Limit, hasPrevious: page.After is not null, cancellationToken);
        }

        return found with { Items = await db.WithAttachmentsAsync(await db.WithSiblingsAsync(sessionId, found.Items, cancellationToken), cancellationToken) };
    }

    /// <summary>
    /// The whole conversation: the session and the current branch, or with <paramref name="allBranches"/> every
    /// message, oldest first, with the current branch's last message named so that an import restores it.
    /// </summary>
    public async Task<ConversationExport> ExportAsync(long userId, long sessionId, bool allBranches, CancellationToken cancellationToken)
    {
        var session = await db.ChatSessions.AsNoTracking().OwnedBy(userId, sessionId)
            .Select(ChatSessionDto.Projection).SingleOrNotFoundAsync(cancellationToken);
        var tree = await MessageTree.LoadAsync(db, sessionId, cancellationToken);
        var messages = await db.Messages.AsNoTracking()
            .Where(message => message.SessionId == sessionId && (allBranches || message.OnCurrentBranch))
            .OrderBy(message => message.Id).Select(MessageDto.Projection).ToListAsync(cancellationToken);
        messages = await db.WithAttachmentsAsync(messages, cancellationToken);
        return new ConversationExport(
            session, messages.Select(message => message with { Siblings = tree.SiblingsOf(message.Id) }).ToList(), tree.CurrentLeaf);
    }
}
