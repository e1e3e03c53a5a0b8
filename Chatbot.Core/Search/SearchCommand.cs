namespace Chatbot.Core.Search;

/// <summary>
/// SQL with <c>{0}</c>-style placeholders and the values that fill them, which EF sends as parameters: the user's
/// words never become part of the SQL text.
/// </summary>
internal sealed record SearchCommand(string Sql, object[] Parameters);
