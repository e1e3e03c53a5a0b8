namespace Chatbot.Core.Search;

/// <summary>
/// The search on PostgreSQL: a tsquery against the generated <c>"SearchVector"</c> column (GIN-indexed), ranked by
/// ts_rank, with ts_headline computed only for the page's hits. The index is asked for the caller's owner lexeme and the
/// words together (see <see cref="MessageSearchIndex"/>), so it hands over the caller's messages only; the owner is
/// checked once more on the session. Rank and headline look at the words alone.
/// </summary>
internal static class PostgreSqlSearchSql
{
    private static readonly string HeadlineOptions =
        $"StartSel={SearchHit.MatchStart}, StopSel={SearchHit.MatchEnd}, MaxWords=16, MinWords=8, MaxFragments=1, FragmentDelimiter=\" … \"";

    public static SearchCommand Command(SearchQuery query, long userId, int take, int skip)
    {
        var parameters = new List<object>();
        var tsquery = string.Join(" && ", query.Terms.Select(term =>
        {
            var (function, value) = Operand(term);
            return $"{function}('simple', {Placeholder(parameters, value)})";
        }));
        var user = Placeholder(parameters, userId);
        var limit = Placeholder(parameters, take);
        var offset = Placeholder(parameters, skip);

        // The snippet comes from the prompt when the prompt matches on its own, from the answer otherwise.
        var sql = $$"""
            WITH search AS (SELECT {{tsquery}} AS query, {{MessageSearchIndex.PostgreSqlOwnerQuery(user)}} AS owner),
            hit AS (
                SELECT m."Id", ts_rank(m."SearchVector", search.query) AS rank
                FROM search, messages AS m JOIN chat_sessions AS s ON s."Id" = m."SessionId"
                WHERE m."SearchVector" @@ (search.owner && search.query) AND s."UserId" = {{user}}
                ORDER BY rank DESC, m."Id" DESC
                LIMIT {{limit}} OFFSET {{offset}})
            SELECT m."Id" AS "MessageId", m."SessionId" AS "SessionId", s."Title" AS "SessionTitle",
                   CASE WHEN to_tsvector('simple', m."Prompt") @@ search.query
                        THEN ts_headline('simple', m."Prompt", search.query, '{{HeadlineOptions}}')
                        ELSE ts_headline('simple', m."Response", search.query, '{{HeadlineOptions}}') END AS "Snippet",
                   m."CreatedAt" AS "CreatedAt"
            FROM hit JOIN messages AS m ON m."Id" = hit."Id" JOIN chat_sessions AS s ON s."Id" = m."SessionId", search
            ORDER BY hit.rank DESC, m."Id" DESC
            """;
        return new SearchCommand(sql, [.. parameters]);
    }

    /// <summary>
    /// plainto_tsquery and phraseto_tsquery read their text as plain words, every operator ignored, so they may have
    /// the user's text (and split it as PostgreSQL split the message: <c>example.com</c> stays one token). Only a
    /// prefix needs to_tsquery's syntax, and it is spelled from the term's letters and digits alone.
    /// </summary>
    private static (string Function, string Value) Operand(SearchTerm term) => term.Kind switch
    {
        SearchTermKind.Word => ("plainto_tsquery", term.Text),
        SearchTermKind.Phrase => ("phraseto_tsquery", term.Text),
        _ => ("to_tsquery", string.Join(" <-> ", term.Words.Select(word => $"'{word}'")) + ":*"),
    };

    private static string Placeholder(List<object> parameters, object value)
    {
        parameters.Add(value);
        return $"{{{parameters.Count - 1}}}";
    }
}
