using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Chats;

/// <summary>
/// Makes a path the session's current branch. Only the messages whose place changes are loaded and marked, and the
/// caller saves them with whatever else it changes, so the move and (for an edit) the new message land together.
/// </summary>
internal static class BranchMove
{
    public static async Task MoveCurrentBranchAsync(
        this ChatbotDbContext db, MessageTree tree, IReadOnlyCollection<long> path, CancellationToken cancellationToken)
    {
        var (leaving, joining) = tree.ChangesToBecome(path);
        if (leaving.Count + joining.Count == 0)
        {
            return;
        }

        var moving = leaving.Concat(joining).ToList();
        foreach (var message in await db.Messages.Where(message => moving.Contains(message.Id)).ToListAsync(cancellationToken))
        {
            if (message.OnCurrentBranch)
            {
                message.LeaveBranch();
            }
            else
            {
                message.JoinBranch();
            }
        }
    }
}
