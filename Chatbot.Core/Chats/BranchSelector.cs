using Chatbot.Core.Data;
using Chatbot.Core.Errors;

namespace Chatbot.Core.Chats;

/// <summary>Switching branches: the user picks a message (a sibling in the "2 / 3" switcher) and sees its branch.</summary>
public sealed class BranchSelector(ChatbotDbContext db, MessageReader reader)
{
    /// <summary>
    /// Makes the branch through <paramref name="messageId"/>, down to its newest leaf, the current one (what is listed,
    /// and what the next prompt follows), then returns its first page as a list would.
    /// </summary>
    public async Task<Page<MessageDto>> SelectAsync(long userId, long sessionId, long messageId, PageRequest page, CancellationToken cancellationToken)
    {
        await db.ChatSessions.EnsureOwnedAsync(userId, sessionId, cancellationToken);
        var tree = await MessageTree.LoadAsync(db, sessionId, cancellationToken);
        if (!tree.Contains(messageId))
        {
            throw ProblemException.NotFound("The message");
        }

        await db.MoveCurrentBranchAsync(tree, tree.PathTo(tree.NewestLeafUnder(messageId)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await reader.ListAsync(userId, sessionId, page, allBranches: false, cancellationToken);
    }
}
