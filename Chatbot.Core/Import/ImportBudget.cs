namespace Chatbot.Core.Import;

/// <summary>
/// What one file may still create under <see cref="ImportRules"/>, kept as its conversations are read: each message
/// is counted, with the characters of its prompt and answer, before its text is built, and the file is refused as
/// soon as it passes a cap, naming the conversation that took it there. It also carries the prompt limit, which is
/// configuration (<c>Gemini:MaxPromptCharacters</c>).
/// </summary>
internal sealed class ImportBudget(int maxPromptCharacters)
{
    private int messages;
    private int attachments;
    private long characters;
    private string conversation = "The file";

    public int MaxPromptCharacters { get; } = maxPromptCharacters;

    /// <summary>The conversation read next, named if it takes the file past a cap.</summary>
    public void Reading(int index, string? title) => conversation = ImportProblems.Name(index, title);

    /// <summary>One more message, with a prompt and an answer of these lengths; past a cap, the file's refusal.</summary>
    public void Take(int promptLength, int responseLength)
    {
        if (++messages > ImportRules.MaxMessages)
        {
            throw ImportProblems.File("too_many_messages",
                $"{conversation} takes the file past {ImportRules.MaxMessages} messages, the most one import may create. Split the file.");
        }

        characters += (long)promptLength + responseLength;
        if (characters > ImportRules.MaxStoredCharacters)
        {
            throw ImportProblems.File("too_much_text",
                $"{conversation} takes the file past {ImportRules.MaxStoredCharacters} characters of prompts and answers, the most one import "
                + "may store (a ChatGPT answer repeats every turn on its path). Split the file, or leave that conversation out.");
        }
    }

    /// <summary>The files one message lists; past the file's cap, its refusal.</summary>
    public void TakeAttachments(int count)
    {
        attachments += count;
        if (attachments > ImportRules.MaxAttachments)
        {
            throw ImportProblems.File("too_many_attachments",
                $"{conversation} takes the file past {ImportRules.MaxAttachments} attachments, the most one import may list. Split the file.");
        }
    }
}
