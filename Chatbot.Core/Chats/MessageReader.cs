using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Chats;

/// <summary>Reading a session's messages: a page of them, or the whole conversation for export.</summary>
public sealed class MessageReader(ChatbotDbContext db)
{
    /// <summary>
    /// A page of the session's messages, oldest first. Paging walks the (session, id) index, so a page costs the
    /// same in a session of a hundred messages or of a hundred thousand.
    /// </summary>
    public async Task<Page<MessageDto>> ListAsync(long userId, long sessionId, PageRequest page, CancellationToken cancellationToken)
    {
        await db.ChatSessions.EnsureOwnedAsync(userId, sessionId, cancellationToken);
        var messages = db.Messages.AsNoTracking().Where(message => message.SessionId == sessionId);
        if (page.Before is { } before)
        {
            var earlier = await messages.Where(message => message.Id < before).OrderByDescending(message => message.Id)
                .Take(page.Limit + 1).Select(MessageDto.Projection).ToListAsync(cancellationToken);
            return new Page<MessageDto>(earlier.Take(page.Limit).Reverse().ToList(), HasPrevious: earlier.Count > page.Limit, HasNext: true);
        }

        var after = page.After ?? 0;
        var later = await messages.Where(message => message.Id > after).OrderBy(message => message.Id)
            .Take(page.Limit + 1).Select(MessageDto.Projection).ToListAsync(cancellationToken);
        return new Page<MessageDto>(later.Take(page.Limit).ToList(), HasPrevious: page.After is not null, HasNext: later.Count > page.Limit);
    }

    /// <summary>The whole conversation: the session and every message, oldest first.</summary>
    public async Task<ConversationExport> ExportAsync(long userId, long sessionId, CancellationToken cancellationToken)
    {
        var session = await db.ChatSessions.AsNoTracking().OwnedBy(userId, sessionId)
            .Select(ChatSessionDto.Projection).SingleOrNotFoundAsync(cancellationToken);
        var messages = await db.Messages.AsNoTracking().Where(message => message.SessionId == sessionId)
            .OrderBy(message => message.Id).Select(MessageDto.Projection).ToListAsync(cancellationToken);
        return new ConversationExport(session, messages);
    }
}
