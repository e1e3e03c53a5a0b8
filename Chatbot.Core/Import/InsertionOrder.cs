using Chatbot.Core.Chats;
using Chatbot.Core.Data;

namespace Chatbot.Core.Import;

/// <summary>
/// Adds an import's sessions and messages so that a session's ids follow the order its exchanges were given, which is
/// what "newest" means to a message tree (see <see cref="MessageTree.NewestLeafUnder"/>). One SaveChanges inserts a
/// tree level by level (every root, then every child of those, ...), so a message added after a deeper one of its own
/// session would get the smaller id. Before such a message the changes so far are saved (inside the import's one
/// transaction), and the level count starts again. A conversation that is one line, as most are, is saved in one go
/// with all the others.
/// <para>
/// What a save stored is no longer tracked: every SaveChanges looks through every tracked entity, so a tree that
/// forces a save before every other message would cost the square of its size. A message whose parent or session is
/// already stored refers to it by id instead.
/// </para>
/// </summary>
internal sealed class InsertionOrder(ChatbotDbContext db)
{
    /// <summary>The level each message waiting to be saved will be inserted at.</summary>
    private readonly Dictionary<Message, int> levelInBatch = [];
    private ChatSession? session;
    private bool sessionInBatch;
    private int deepestInBatch;

    /// <summary>A new session: its messages wait for its insert, one level below it.</summary>
    public void Add(ChatSession newSession)
    {
        db.ChatSessions.Add(newSession);
        session = newSession;
        levelInBatch.Clear();
        sessionInBatch = true;
        deepestInBatch = 0;
    }

    /// <summary>
    /// The exchange as a message of the last session added, after <paramref name="parent"/> (a message this added
    /// before); what is pending is saved first when the message would otherwise be inserted too early.
    /// </summary>
    public async Task<Message> AddAsync(ImportedExchange exchange, Message? parent, bool onCurrentBranch, CancellationToken cancellationToken)
    {
        var owner = session ?? throw new InvalidOperationException("Add the session before its messages.");
        var level = Level(parent);
        if (level < deepestInBatch)
        {
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            levelInBatch.Clear();
            sessionInBatch = false;
            deepestInBatch = 0;
            level = Level(parent);
        }

        var parentPending = parent is not null && levelInBatch.ContainsKey(parent);
        var message = Message.Imported(owner.UserId, parentPending ? parent : null, exchange, onCurrentBranch);
        var entry = db.Messages.Add(message);
        if (parent is not null && !parentPending)
        {
            entry.Property(stored => stored.ParentId).CurrentValue = parent.Id;
        }

        if (sessionInBatch)
        {
            owner.Messages.Add(message);
        }
        else
        {
            entry.Property(stored => stored.SessionId).CurrentValue = owner.Id;
        }

        levelInBatch[message] = level;
        deepestInBatch = Math.Max(deepestInBatch, level);
        return message;
    }

    private int Level(Message? parent)
        => Math.Max(sessionInBatch ? 1 : 0, parent is not null && levelInBatch.TryGetValue(parent, out var parentLevel) ? parentLevel + 1 : 0);
}
