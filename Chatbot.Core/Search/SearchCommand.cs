namespace Chatbot.Core.Search;

/// <summary>
/// SQL with <c>{0}</c>-style placeholders and the values that fill them, which EF sends as parameters: the user's
/// words never become part of the SQL text.
/// </summary>
internal sealed record SearchCommand(string Sql, object[] Parameters)
{
    /// <summary>Adds <paramref name="value"/> to <paramref name="parameters"/> and returns its placeholder.</summary>
    public static string Placeholder(List<object> parameters, object value)
    {
        parameters.Add(value);
        return $"{{{parameters.Count - 1}}}";
    }
}
