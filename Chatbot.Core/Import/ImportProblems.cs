using Chatbot.Core.Errors;

namespace Chatbot.Core.Import;

/// <summary>
/// The problems of every bad conversation in a file, each under its field and naming its conversation by index and
/// title, so one answer shows everything to fix. Any problem means nothing is imported.
/// </summary>
internal sealed class ImportProblems
{
    /// <summary>Enough to fix a file in a few rounds, without an answer the size of the file.</summary>
    private const int MostReported = 20;

    private readonly Dictionary<string, string[]> errors = new(StringComparer.Ordinal);
    private string? first;
    private int count;

    public void Add(int index, string? title, ImportFieldException problem)
    {
        var conversation = Name(index, title);
        first ??= conversation;
        if (count++ < MostReported)
        {
            errors[problem.Field] = [$"{conversation}: {problem.Message}"];
        }
    }

    public void ThrowIfAny()
    {
        if (count == 0)
        {
            return;
        }

        var others = count > 1 ? $" and {count - 1} more" : "";
        throw new ProblemException(ProblemKind.Validation, "validation_failed",
            $"{first}{others} cannot be imported; nothing was imported.")
        {
            Errors = errors,
        };
    }

    /// <summary>How a problem names a conversation: by its index in the file and its title.</summary>
    public static string Name(int index, string? title)
        => title is null ? $"Conversation {index} (untitled)" : $"Conversation {index} (\"{Shortened(title)}\")";

    private static string Shortened(string title) => title.Length <= 80 ? title : $"{title[..79]}…";

    /// <summary>A problem with the file as a whole (its shape, its size), before any conversation is read.</summary>
    public static ProblemException File(string code, string detail) => new(ProblemKind.BadRequest, code, detail);
}
