using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Chats;

/// <summary>
/// Fills in each message's <see cref="MessageDto.Siblings"/>: the children of its parent, or the session's first
/// messages for one without a parent. One indexed read for the page's parents (and one for the roots, when a page has
/// one), so it costs the same in a session of a hundred messages or a hundred thousand.
/// </summary>
internal static class MessageSiblings
{
    public static async Task<List<MessageDto>> WithSiblingsAsync(
        this ChatbotDbContext db, long sessionId, IReadOnlyList<MessageDto> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return [];
        }

        var parents = messages.Where(message => message.Parent is not null).Select(message => message.Parent!.Value).Distinct().ToList();
        var inSession = db.Messages.AsNoTracking().Where(message => message.SessionId == sessionId);
        var children = parents.Count == 0 ? [] : await inSession
            .Where(message => message.ParentId != null && parents.Contains(message.ParentId.Value))
            .Select(message => new { message.Id, message.ParentId })
            .ToListAsync(cancellationToken);
        var roots = messages.Any(message => message.Parent is null)
            ? await inSession.Where(message => message.ParentId == null).Select(message => message.Id).ToListAsync(cancellationToken)
            : [];

        var byParent = children.ToLookup(child => child.ParentId!.Value, child => child.Id);
        return messages.Select(message => message with
        {
            Siblings = new MessageIds((message.Parent is { } parent ? byParent[parent] : roots).Order()),
        }).ToList();
    }

    /// <summary>The same, for one message.</summary>
    public static async Task<MessageDto> WithSiblingsAsync(this ChatbotDbContext db, MessageDto message, CancellationToken cancellationToken)
        => (await db.WithSiblingsAsync(message.Session, [message], cancellationToken))[0];
}
