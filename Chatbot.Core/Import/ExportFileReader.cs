using System.Text.Json;
using Chatbot.Core.Chats;

namespace Chatbot.Core.Import;

/// <summary>
/// Our own export (<c>GET /chatsessions/{id}/export/?format=json</c>, the current branch or the whole tree): one
/// conversation, brought back exactly as it was exported. A message's <c>parent</c> links it into the tree (a file
/// without the field, from before branches, is read as one line, each message after the one before it);
/// <c>current_leaf</c> picks the current branch, or else the file's last message does. A message's <c>attachments</c>
/// come back as files that are not available: the export lists them, it does not carry them.
/// </summary>
internal static class ExportFileReader
{
    public static bool Recognises(JsonElement file)
        => file.ValueKind == JsonValueKind.Object && file.TryGetProperty("session", out _) && file.TryGetProperty("messages", out _);

    /// <summary>The title, as far as it can be read, for naming the conversation in a problem.</summary>
    public static string? TitleOf(JsonElement file)
        => file.TryGetProperty("session", out var session) && session.ValueKind == JsonValueKind.Object
            && session.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString() : null;

    public static ImportedConversation Read(JsonElement file, IReadOnlySet<string> models, ImportBudget budget)
    {
        var root = JsonFields.Of(file, "");
        var session = root.RequiredObject("session");
        var title = session.OptionalString("title", ChatRules.MaxTitleLength);
        var systemPrompt = session.OptionalString("system_prompt", ChatRules.MaxSystemPromptLength);
        var model = session.OptionalString("model");
        if (model is not null && !models.Contains(model))
        {
            throw new ImportFieldException(session.FieldPath("model"),
                $"\"{model}\" is not an allowed model; choose one of: {string.Join(", ", models.Order(StringComparer.Ordinal))}.");
        }

        var startedAt = session.RequiredTime("started_at");
        var updatedAt = session.RequiredTime("updated_at");

        var messages = root.RequiredArray("messages");
        var count = messages.GetArrayLength();
        if (count > ImportRules.MaxMessages)
        {
            throw ImportProblems.File("too_many_messages",
                $"The file holds {count} messages; at most {ImportRules.MaxMessages} can be imported at once. Split it.");
        }

        var ids = new List<long>();
        var seen = new HashSet<long>();
        var parents = new List<long?>();
        var read = new List<ImportedExchange>();
        foreach (var element in messages.EnumerateArray())
        {
            var fields = JsonFields.Of(element, $"messages[{read.Count}]");
            var id = fields.RequiredInteger("id");
            if (!seen.Add(id))
            {
                throw new ImportFieldException(fields.FieldPath("id"), $"Another message before it has the id {id}.");
            }

            ids.Add(id);
            parents.Add(fields.Has("parent") ? fields.OptionalInteger("parent") : ids.Count > 1 ? ids[^2] : null);
            var prompt = fields.RequiredString("prompt", budget.MaxPromptCharacters);
            var response = fields.RequiredString("response", ImportRules.MaxResponseCharacters);
            budget.Take(prompt.Length, response.Length);
            read.Add(new ImportedExchange(
                Parent: null,
                prompt,
                response,
                fields.RequiredTime("created_at"),
                StatusOf(fields),
                fields.OptionalString("model", ImportRules.MaxModelLength),
                fields.OptionalString("finish_reason", ImportRules.MaxCodeLength),
                fields.OptionalString("error_code", ImportRules.MaxCodeLength),
                fields.OptionalCount("prompt_tokens"),
                fields.OptionalCount("response_tokens"))
            {
                Attachments = ImportedAttachment.ReadAll(fields, budget),
            });
        }

        string ParentField(int index) => $"messages[{index}].parent";
        var parentIndexes = TreeOrder.ResolveParents(
            ids.Select(Invariant).ToList(), parents.Select(parent => parent is { } id ? Invariant(id) : null).ToList(), ParentField,
            parent => $"No message {parent} in this conversation.");
        // The order they were made in: ids grow as messages are added, so siblings keep their places.
        var order = TreeOrder.ParentsFirst(parentIndexes, index => ids[index], ParentField);

        int? currentLeaf = read.Count == 0 ? null : read.Count - 1;
        if (root.OptionalInteger("current_leaf") is { } leaf)
        {
            currentLeaf = ids.IndexOf(leaf) is >= 0 and var index
                ? index
                : throw new ImportFieldException("current_leaf", $"No message {leaf} in this conversation.");
        }

        var (exchanges, current) = TreeOrder.Apply(
            read.Select((exchange, index) => exchange with { Parent = parentIndexes[index] }).ToList(), order, currentLeaf);
        return new ImportedConversation(title, systemPrompt, model, startedAt, updatedAt, exchanges, current);
    }

    private static string Invariant(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static MessageStatus StatusOf(JsonFields fields)
    {
        return MessageStatuses.TryParse(fields.RequiredString("status"), out var status)
            ? status
            : throw new ImportFieldException(fields.FieldPath("status"), $"Must be one of {string.Join(", ", MessageStatuses.Names)}.");
    }
}
