using Chatbot.Core.Data;

namespace Chatbot.Core.Import;

/// <summary>
/// Keeps a session's ids in the order its exchanges were given, which is what "newest" means to a message tree (see
/// <see cref="Chats.MessageTree.NewestLeafUnder"/>). One SaveChanges inserts a tree level by level (every root, then
/// every child of those, ...), so a message added after a deeper one of its own session would get the smaller id.
/// Before such a message the changes so far are saved (inside the import's one transaction), and the level count
/// starts again. A conversation that is one line, as most are, is saved in one go with all the others.
/// </summary>
internal sealed class InsertionOrder(ChatbotDbContext db)
{
    private readonly Dictionary<int, int> levelInBatch = [];
    private bool sessionInBatch;
    private int deepestInBatch;

    /// <summary>A new session was added: its messages wait for its insert, one level below it.</summary>
    public void StartSession()
    {
        levelInBatch.Clear();
        sessionInBatch = true;
        deepestInBatch = 0;
    }

    /// <summary>Saves what is pending first when the exchange at <paramref name="index"/> would otherwise be inserted too early.</summary>
    public async Task BeforeAddingAsync(int index, int? parent, CancellationToken cancellationToken)
    {
        var level = Level(parent);
        if (level < deepestInBatch)
        {
            await db.SaveChangesAsync(cancellationToken);
            levelInBatch.Clear();
            sessionInBatch = false;
            deepestInBatch = 0;
            level = Level(parent);
        }

        levelInBatch[index] = level;
        deepestInBatch = Math.Max(deepestInBatch, level);
    }

    private int Level(int? parent)
        => Math.Max(sessionInBatch ? 1 : 0, parent is { } above && levelInBatch.TryGetValue(above, out var parentLevel) ? parentLevel + 1 : 0);
}
