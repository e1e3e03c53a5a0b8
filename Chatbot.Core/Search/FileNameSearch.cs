using System.Text;

namespace Chatbot.Core.Search;

/// <summary>
/// The second way a message matches: one of its files has a name that contains every term, in any case (<c>quarterly</c>
/// and <c>report</c> both find <c>quarterly-report.pdf</c>). A prefix term asks the same as a word, and a phrase is its
/// text as written. The term's text goes to LIKE as a parameter with LIKE's own wildcards escaped, so <c>%</c> and
/// <c>_</c> match only themselves. No index serves it: the search reads the caller's own attachments, so what it costs
/// follows the caller's files, never the other users'.
/// </summary>
internal static class FileNameSearch
{
    /// <summary>
    /// The SQL condition on <paramref name="name"/> (a column), each term's pattern added to the command's
    /// <paramref name="parameters"/>. Both databases read it alike: <c>lower()</c> on both sides, <c>\</c> as
    /// the escape. (SQLite's <c>lower()</c> folds ASCII letters only; PostgreSQL's folds every letter.)
    /// </summary>
    public static string Condition(string name, SearchQuery query, List<object> parameters)
        => string.Join(" AND ", query.Terms.Select(term =>
            $"lower({name}) LIKE lower({SearchCommand.Placeholder(parameters, Pattern(term.Text))}) ESCAPE '\\'"));

    /// <summary>
    /// A file-name hit's snippet: the name, each stretch that a term matches between <see cref="SearchHit.MatchStart"/>
    /// and <see cref="SearchHit.MatchEnd"/>, as a text hit marks its words.
    /// </summary>
    public static string Snippet(string name, SearchQuery query)
    {
        var matched = new bool[name.Length];
        foreach (var term in query.Terms)
        {
            for (var at = name.IndexOf(term.Text, StringComparison.OrdinalIgnoreCase); at >= 0 && term.Text.Length > 0;
                 at = name.IndexOf(term.Text, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                Array.Fill(matched, true, at, term.Text.Length);
            }
        }

        var snippet = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (matched[i] && (i == 0 || !matched[i - 1]))
            {
                snippet.Append(SearchHit.MatchStart);
            }

            snippet.Append(name[i]);
            if (matched[i] && (i == name.Length - 1 || !matched[i + 1]))
            {
                snippet.Append(SearchHit.MatchEnd);
            }
        }

        return snippet.ToString();
    }

    private static string Pattern(string text)
        => "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
