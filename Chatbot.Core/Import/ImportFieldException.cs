namespace Chatbot.Core.Import;

/// <summary>
/// What is wrong in one conversation of an import file, and where (<c>messages[5].prompt</c>,
/// <c>conversations[3].mapping.abc.parent</c>). A reader gives up on a conversation at its first problem, since what
/// follows it would only repeat it; <see cref="ImportProblems"/> names the conversation.
/// </summary>
internal sealed class ImportFieldException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
