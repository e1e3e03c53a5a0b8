using Chatbot.Core.Chats;

namespace Chatbot.Core.Import;

/// <summary>
/// Turns ChatGPT's tree of turns into our tree of exchanges. Each user turn owns the assistant turns under it up to
/// the next user turn: every path through them to a last assistant turn is one answer (their texts joined), so a
/// regenerated answer is a second exchange with the same prompt beside the first. A user turn after an assistant
/// turn continues from the exchange that holds that turn. Assistant turns before any user turn (a greeting) answer
/// an empty prompt; a user turn with no answer gets an empty one.
/// <para>
/// An answer is counted against the file's <see cref="ImportBudget"/> before its text is joined: answers that share
/// their turns repeat them, so a file of a few thousand turns (a "comb") could otherwise spell answers that add up to
/// the square of its depth.
/// </para>
/// </summary>
internal sealed class ChatGptExchanges
{
    private readonly List<ChatGptNode> nodes;
    private readonly int?[] turnParent;
    private readonly List<int>[] turnChildren;
    private readonly int?[] exchangeOf;
    private readonly int root;
    private readonly DateTime conversationStart;
    private readonly ImportBudget budget;
    private readonly Func<int, string> nodeField;
    private readonly List<ImportedExchange> exchanges = [];

    /// <param name="nodes">The mapping's nodes.</param>
    /// <param name="parents">Each node's parent, by index.</param>
    /// <param name="order">The nodes, parents first.</param>
    /// <param name="conversationStart">The time for an exchange that carries none of its own.</param>
    /// <param name="budget">What the file may still create.</param>
    /// <param name="nodeField">A node's path in the file, for a problem found there.</param>
    public ChatGptExchanges(
        List<ChatGptNode> nodes, int?[] parents, List<int> order, DateTime conversationStart, ImportBudget budget, Func<int, string> nodeField)
    {
        this.nodes = nodes;
        this.conversationStart = conversationStart;
        this.budget = budget;
        this.nodeField = nodeField;
        root = nodes.Count;
        turnParent = new int?[nodes.Count];
        turnChildren = new List<int>[nodes.Count + 1];
        exchangeOf = new int?[nodes.Count + 1];
        for (var index = 0; index <= nodes.Count; index++)
        {
            turnChildren[index] = [];
        }

        // Skipped nodes (the root, system and tool turns) are looked through: a turn hangs from its nearest turn above.
        foreach (var node in order)
        {
            turnParent[node] = parents[node] is { } parent ? (nodes[parent].Turn is null ? turnParent[parent] : parent) : null;
            if (nodes[node].Turn is not null)
            {
                turnChildren[turnParent[node] ?? root].Add(node);
            }
        }
    }

    /// <summary>The exchanges, parents first and otherwise oldest first, and the one that ends the current branch.</summary>
    public (List<ImportedExchange> Exchanges, int? CurrentLeaf) Build(int currentNode)
    {
        var owners = new Queue<(int Owner, int? ParentExchange)>([(root, null)]);
        while (owners.TryDequeue(out var next))
        {
            foreach (var follower in AnswersOf(next.Owner, next.ParentExchange))
            {
                owners.Enqueue(follower);
            }
        }

        var currentTurn = nodes[currentNode].Turn is null ? turnParent[currentNode] : currentNode;
        // A current node above every turn (the bare root) leaves the newest exchange current.
        int? currentLeaf = currentTurn is { } turn ? exchangeOf[turn] : exchanges.Count - 1;
        // Built parents first, so this cannot meet a cycle; it only puts the exchanges in time order.
        var order = TreeOrder.ParentsFirst(
            exchanges.Select(exchange => exchange.Parent).ToList(), index => exchanges[index].CreatedAt, index => $"exchange {index}");
        return TreeOrder.Apply(exchanges, order, exchanges.Count == 0 ? null : currentLeaf);
    }

    /// <summary>
    /// Adds the exchanges of one prompt (a user turn, or the root for a greeting) and returns the user turns that
    /// follow them, each with the exchange it continues.
    /// </summary>
    private List<(int Owner, int? ParentExchange)> AnswersOf(int owner, int? parentExchange)
    {
        var prompt = owner == root ? null : nodes[owner].Turn;
        var followers = turnChildren[owner].Where(child => nodes[child].Turn!.FromUser).Select(child => (Node: child, After: owner)).ToList();
        var answers = new Stack<(int Node, PathLink? Before)>(
            Enumerable.Reverse(turnChildren[owner]).Where(child => !nodes[child].Turn!.FromUser).Select(child => (child, (PathLink?)null)));

        if (answers.Count == 0 && prompt is not null)
        {
            exchangeOf[owner] = Add(parentExchange, prompt, prompt.CreatedAt, answer: null, model: null);
        }

        while (answers.TryPop(out var at))
        {
            var path = PathLink.After(at.Before, at.Node, nodes[at.Node].Turn!);
            var further = turnChildren[at.Node].Where(child => !nodes[child].Turn!.FromUser).ToList();
            followers.AddRange(turnChildren[at.Node].Where(child => nodes[child].Turn!.FromUser).Select(child => (child, at.Node)));
            if (further.Count > 0)
            {
                foreach (var child in Enumerable.Reverse(further))
                {
                    answers.Push((child, path));
                }

                continue;
            }

            // The last turn of one answer: the exchange holds every turn from the prompt down to here.
            var length = path.Text?.Length ?? 0;
            if (length > ImportRules.MaxResponseCharacters)
            {
                throw new ImportFieldException(nodeField(at.Node),
                    $"This answer joins the assistant turns down to here into {length} characters; at most {ImportRules.MaxResponseCharacters} can be imported.");
            }

            var exchange = Add(parentExchange, prompt, prompt?.CreatedAt ?? path.FirstCreatedAt, path.Text, path.Model);
            exchangeOf[owner] ??= exchange;
            for (var link = path; link is not null && exchangeOf[link.Node] is null; link = link.Before)
            {
                exchangeOf[link.Node] = exchange;
            }
        }

        // A user turn straight under the root starts the conversation, whatever else is there.
        return followers.Select(follower => (follower.Node, follower.After == root ? null : exchangeOf[follower.After])).ToList();
    }

    private int Add(int? parent, ChatGptTurn? prompt, DateTime? createdAt, AnswerText? answer, string? model)
    {
        var promptText = prompt?.Text ?? "";
        budget.Take(promptText.Length, answer?.Length ?? 0);
        exchanges.Add(new ImportedExchange(parent, promptText, answer?.Join() ?? "", createdAt ?? conversationStart, MessageStatus.Complete, model));
        return exchanges.Count - 1;
    }

    /// <summary>
    /// One assistant turn on the way down from a prompt, linked to the one before it (paths share their start), with
    /// what the answer ending here is made of so far: its text, its model (the last turn's that names one) and the
    /// time of its first turn.
    /// </summary>
    private sealed record PathLink(int Node, PathLink? Before, AnswerText? Text, string? Model, DateTime? FirstCreatedAt)
    {
        public static PathLink After(PathLink? before, int node, ChatGptTurn turn)
            => new(node, before, AnswerText.After(before?.Text, turn.Text), turn.Model ?? before?.Model,
                before is null ? turn.CreatedAt : before.FirstCreatedAt);
    }

    /// <summary>
    /// The turns of one answer that have text, last first, and the length they join to, so an answer is measured
    /// before it is built; a path's turns without text are not in it, so joining costs what the answer holds.
    /// </summary>
    private sealed record AnswerText(string Last, AnswerText? Before, int Length)
    {
        private const string Separator = "\n\n";

        public static AnswerText? After(AnswerText? before, string text)
            => text.Length == 0 ? before : new(text, before, (before is null ? 0 : before.Length + Separator.Length) + text.Length);

        public string Join()
        {
            var parts = new List<string>();
            for (var part = this; part is not null; part = part.Before)
            {
                parts.Add(part.Last);
            }

            parts.Reverse();
            return string.Join(Separator, parts);
        }
    }
}
