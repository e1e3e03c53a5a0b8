using Chatbot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Chats;

/// <summary>
/// A session's messages as a tree of ids: enough to find a path, a leaf or a message's siblings without reading any
/// text. It is read only where the branch moves (an edit, a select) or the whole tree is wanted (an export); a send
/// and a page of the current branch never need it.
/// </summary>
internal sealed class MessageTree
{
    private readonly Dictionary<long, Node> nodes;
    private readonly ILookup<long?, long> children;

    private MessageTree(List<Node> rows)
    {
        nodes = rows.ToDictionary(node => node.Id);
        children = rows.OrderBy(node => node.Id).ToLookup(node => node.ParentId, node => node.Id);
    }

    public static async Task<MessageTree> LoadAsync(ChatbotDbContext db, long sessionId, CancellationToken cancellationToken)
        => new(await db.Messages.AsNoTracking().Where(message => message.SessionId == sessionId)
            .Select(message => new Node(message.Id, message.ParentId, message.OnCurrentBranch))
            .ToListAsync(cancellationToken));

    public bool Contains(long id) => nodes.ContainsKey(id);

    public long? ParentOf(long id) => nodes[id].ParentId;

    /// <summary>The last message of the current branch, if the session has any.</summary>
    public long? CurrentLeaf => nodes.Values.Where(node => node.OnCurrentBranch).Select(node => (long?)node.Id).Max();

    /// <summary>The ids from the session's first message down to <paramref name="id"/>; empty for none (before the first).</summary>
    public List<long> PathTo(long? id)
    {
        var path = new List<long>();
        for (var at = id; at is { } current; at = nodes[current].ParentId)
        {
            path.Add(current);
        }

        path.Reverse();
        return path;
    }

    /// <summary>
    /// The newest message at or below <paramref name="id"/>. It is a leaf: a child is always newer than its parent, so
    /// the newest of a subtree has none.
    /// </summary>
    public long NewestLeafUnder(long id)
    {
        var newest = id;
        var pending = new Stack<long>([id]);
        while (pending.TryPop(out var at))
        {
            newest = Math.Max(newest, at);
            foreach (var child in children[at])
            {
                pending.Push(child);
            }
        }

        return newest;
    }

    /// <summary>The messages that share <paramref name="id"/>'s parent, oldest first, itself included.</summary>
    public MessageIds SiblingsOf(long id) => new(children[nodes[id].ParentId]);

    /// <summary>What must leave and join the current branch for it to become exactly <paramref name="path"/>.</summary>
    public (List<long> Leaving, List<long> Joining) ChangesToBecome(IReadOnlyCollection<long> path)
    {
        var wanted = path.ToHashSet();
        var leaving = nodes.Values.Where(node => node.OnCurrentBranch && !wanted.Contains(node.Id)).Select(node => node.Id).ToList();
        var joining = path.Where(id => !nodes[id].OnCurrentBranch).ToList();
        return (leaving, joining);
    }

    private sealed record Node(long Id, long? ParentId, bool OnCurrentBranch);
}
