namespace Chatbot.Core.Search;

/// <summary>
/// A hit as the search's SQL reads it: <see cref="FileName"/> is set when the message matched by one of its files' names
/// alone (the name that matched), and the snippet is then made from it (<see cref="FileNameSearch.Snippet"/>).
/// </summary>
internal sealed record SearchRow(long MessageId, long SessionId, string? SessionTitle, string Snippet, DateTime CreatedAt, string? FileName);
