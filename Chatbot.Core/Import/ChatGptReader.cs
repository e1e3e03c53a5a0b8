using System.Text.Json;
using Chatbot.Core.Chats;

namespace Chatbot.Core.Import;

/// <summary>
/// One conversation of a ChatGPT data export's <c>conversations.json</c>: a <c>mapping</c> of nodes linked by
/// <c>parent</c>, each maybe holding a message. A user turn is a prompt; the assistant turns after it, up to the
/// next user turn, are its answer (joined). Two answers to one prompt (a regeneration) become sibling exchanges with
/// the same prompt; two user turns after one node (an edited prompt) become siblings too. System, tool and hidden
/// turns, and content other than text, are skipped; so are parts of a message that are not text (images).
/// <c>current_node</c> picks the current branch. A prompt nobody answered is imported with an empty answer.
/// </summary>
internal static class ChatGptReader
{
    public static string? TitleOf(JsonElement conversation)
    => conversation.ValueKind == JsonValueKind.Object && conversation.TryGetProperty("title", out var title)
        && title.ValueKind == JsonValueKind.String ? title.GetString() : null;

    public static ImportedConversation Read(JsonElement conversation, int index, ImportBudget budget)
    {
        var fields = JsonFields.Of(conversation, $"conversations[{index}]");
        var title = fields.OptionalString("title", ChatRules.MaxTitleLength);
        var createdAt = fields.RequiredEpochSeconds("create_time");
        var updatedAt = fields.OptionalEpochSeconds("update_time") ?? createdAt;
        var mapping = fields.RequiredObject("mapping");
        var currentNode = fields.RequiredString("current_node");

        var nodes = ReadNodes(mapping, budget.MaxPromptCharacters);
        var keys = nodes.Select(node => node.Key).ToList();
        string ParentField(int node) => $"{mapping.FieldPath(keys[node])}.parent";
        var parents = TreeOrder.ResolveParents(
            keys, nodes.Select(node => node.Parent).ToList(), ParentField, parent => $"No node \"{parent}\" in the mapping.");
        var order = TreeOrder.ParentsFirst(parents, node => node, ParentField);
        var current = keys.IndexOf(currentNode) is >= 0 and var found
            ? found
            : throw new ImportFieldException(fields.FieldPath("current_node"), $"No node \"{currentNode}\" in the mapping.");

        var (exchanges, currentLeaf) = new ChatGptExchanges(nodes, parents, order, createdAt, budget, node => mapping.FieldPath(keys[node])).Build(current);
        if (exchanges.Count == 0)
        {
            throw new ImportFieldException(mapping.Path, "This conversation has no user or assistant text to import.");
        }

        return new ImportedConversation(title, null, null, createdAt, updatedAt, exchanges, currentLeaf);
    }

    private static List<ChatGptNode> ReadNodes(JsonFields mapping, int maxPromptCharacters)
    {
        var nodes = new List<ChatGptNode>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, element) in mapping.Properties())
        {
            var node = JsonFields.Of(element, mapping.FieldPath(key));
            if (!keys.Add(key))
            {
                throw new ImportFieldException(node.Path, "This node appears twice in the mapping.");
            }

            if (node.Optional("children") is { ValueKind: not JsonValueKind.Array })
            {
                throw new ImportFieldException(node.FieldPath("children"), "Must be a JSON array.");
            }

            nodes.Add(new ChatGptNode(key, node.OptionalString("parent"), ChatGptTurn.Read(node.OptionalObject("message"), maxPromptCharacters)));
        }

        return nodes;
    }
}
