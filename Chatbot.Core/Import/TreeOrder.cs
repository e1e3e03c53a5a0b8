namespace Chatbot.Core.Import;

/// <summary>
/// Puts the nodes of a tree read from a file in an order with every parent before its children, the earliest (by
/// the caller's <c>priority</c>) first among those ready, and finds the links that make it no tree: a parent that
/// is not in the file, a cycle. Iterative throughout, so a file's depth cannot exhaust the stack.
/// </summary>
internal static class TreeOrder
{
    /// <summary>
    /// The index of each key's parent among <paramref name="keys"/>; a parent that is not there is reported at the
    /// field <paramref name="parentField"/> gives for the child, in the words of <paramref name="missing"/>.
    /// </summary>
    public static int?[] ResolveParents(
        IReadOnlyList<string> keys, IReadOnlyList<string?> parents, Func<int, string> parentField, Func<string, string> missing)
    {
        var indexOf = new Dictionary<string, int>(keys.Count, StringComparer.Ordinal);
        for (var index = 0; index < keys.Count; index++)
        {
            indexOf[keys[index]] = index;
        }

        var resolved = new int?[keys.Count];
        for (var index = 0; index < keys.Count; index++)
        {
            if (parents[index] is not { } parent)
            {
                continue;
            }

            resolved[index] = indexOf.TryGetValue(parent, out var parentIndex)
                ? parentIndex
                : throw new ImportFieldException(parentField(index), missing(parent));
        }

        return resolved;
    }

    /// <summary>
    /// Every index, parents first and otherwise by <paramref name="priority"/> (smaller first); nodes that can never
    /// be reached from a root are on a cycle, reported at the parent field of the first of them.
    /// </summary>
    public static List<int> ParentsFirst<TPriority>(
        IReadOnlyList<int?> parents, Func<int, TPriority> priority, Func<int, string> parentField)
    {
        var children = new List<int>?[parents.Count];
        var ready = new PriorityQueue<int, (TPriority, int)>(Comparer<(TPriority, int)>.Default);
        for (var index = 0; index < parents.Count; index++)
        {
            if (parents[index] is { } parent)
            {
                (children[parent] ??= []).Add(index);
            }
            else
            {
                ready.Enqueue(index, (priority(index), index));
            }
        }

        var order = new List<int>(parents.Count);
        while (ready.TryDequeue(out var next, out _))
        {
            order.Add(next);
            foreach (var child in children[next] ?? [])
            {
                ready.Enqueue(child, (priority(child), child));
            }
        }

        if (order.Count < parents.Count)
        {
            var placed = order.ToHashSet();
            var stuck = Enumerable.Range(0, parents.Count).First(index => !placed.Contains(index));
            throw new ImportFieldException(parentField(stuck), "This parent link makes a cycle: the node is its own ancestor.");
        }

        return order;
    }

    /// <summary>
    /// <paramref name="exchanges"/> (whose <see cref="ImportedExchange.Parent"/> indexes the same list) put in
    /// <paramref name="order"/>, with every parent index and <paramref name="currentLeaf"/> moved to match.
    /// </summary>
    public static (List<ImportedExchange> Exchanges, int? CurrentLeaf) Apply(
        IReadOnlyList<ImportedExchange> exchanges, IReadOnlyList<int> order, int? currentLeaf)
    {
        var position = new int[exchanges.Count];
        for (var at = 0; at < order.Count; at++)
        {
            position[order[at]] = at;
        }

        var moved = order.Select(index => exchanges[index] with { Parent = exchanges[index].Parent is { } parent ? position[parent] : null }).ToList();
        return (moved, currentLeaf is { } leaf ? position[leaf] : null);
    }
}
