using System.Text.Json;

namespace Chatbot.Core.Import;

/// <summary>
/// Tells an import file's format by its shape and reads every conversation in it: a JSON array is ChatGPT's
/// <c>conversations.json</c>, an object with <c>session</c> and <c>messages</c> is our own export. Every bad
/// conversation is reported, not only the first; a file with any is refused whole.
/// </summary>
internal static class ImportFile
{
    /// <param name="file">The file.</param>
    /// <param name="models">The models a session may have.</param>
    /// <param name="maxPromptCharacters">The longest prompt one may send here, and so import.</param>
    public static List<ImportedConversation> Read(JsonElement file, IReadOnlySet<string> models, int maxPromptCharacters)
    {
        var problems = new ImportProblems();
        var budget = new ImportBudget(maxPromptCharacters);
        var conversations = new List<ImportedConversation>();
        if (ExportFileReader.Recognises(file))
        {
            Add(conversations, problems, budget, 0, ExportFileReader.TitleOf(file), () => ExportFileReader.Read(file, models, budget));
        }
        else if (file.ValueKind == JsonValueKind.Array)
        {
            var count = file.GetArrayLength();
            if (count == 0)
            {
                throw ImportProblems.File("invalid_body", "The file holds no conversations.");
            }

            if (count > ImportRules.MaxConversations)
            {
                throw ImportProblems.File("too_many_conversations",
                    $"The file holds {count} conversations; at most {ImportRules.MaxConversations} can be imported at once. Split it.");
            }

            var index = 0;
            foreach (var conversation in file.EnumerateArray())
            {
                var at = index++;
                Add(conversations, problems, budget, at, ChatGptReader.TitleOf(conversation), () => ChatGptReader.Read(conversation, at, budget));
            }
        }
        else if (file.ValueKind == JsonValueKind.Object && file.TryGetProperty("mapping", out _))
        {
            throw ImportProblems.File("invalid_body",
                "This looks like one ChatGPT conversation on its own: send conversations.json whole, or the conversation inside [ ].");
        }
        else
        {
            throw ImportProblems.File("invalid_body",
                "Not an import file: send our own export (an object with session and messages) or ChatGPT's conversations.json (an array of conversations).");
        }

        problems.ThrowIfAny();
        return conversations;
    }

    private static void Add(
        List<ImportedConversation> conversations, ImportProblems problems, ImportBudget budget, int index, string? title, Func<ImportedConversation> read)
    {
        budget.Reading(index, title);
        try
        {
            conversations.Add(read());
        }
        catch (ImportFieldException problem)
        {
            problems.Add(index, title, problem);
        }
    }
}
