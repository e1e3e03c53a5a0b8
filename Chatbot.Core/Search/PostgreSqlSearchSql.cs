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
            return $"{function}('simple', {SearchCommand.Placeholder(parameters, value)})";
        }));
        var user = SearchCommand.Placeholder(parameters, userId);
        var limit = SearchCommand.Placeholder(parameters, take);
        var offset = SearchCommand.Placeholder(parameters, skip);
        var fileNameMatches = FileNameSearch.Condition("a.\"Name\"", query, parameters);

        // The page is taken from the text hits first, then the file-name hits (read from the caller's own attachments:
        // their index starts with the owner), newest first. The snippet comes from the prompt when the prompt matches on
        // its own, from the answer otherwise; a file-name hit's is its file's name, marked by the app.
        var sql = $$"""
            WITH search AS (SELECT {{tsquery}} AS query, {{MessageSearchIndex.PostgreSqlOwnerQuery(user)}} AS owner),
            text_hit AS (
                SELECT m."Id", ts_rank(m."SearchVector", search.query) AS rank
                FROM search, messages AS m JOIN chat_sessions AS s ON s."Id" = m."SessionId"
                WHERE m."SearchVector" @@ (search.owner && search.query) AND s."UserId" = {{user}} AND NOT s."Transient"),
            name_hit AS (
                SELECT ma."MessageId" AS "Id", min(a."Name") AS name, m."CreatedAt" AS newest
                FROM attachments AS a JOIN message_attachments AS ma ON ma."AttachmentId" = a."Id"
                     JOIN messages AS m ON m."Id" = ma."MessageId" JOIN chat_sessions AS s ON s."Id" = m."SessionId"
                WHERE a."UserId" = {{user}} AND ({{fileNameMatches}}) AND s."UserId" = {{user}} AND NOT s."Transient"
                      AND NOT EXISTS (SELECT 1 FROM text_hit WHERE text_hit."Id" = ma."MessageId")
                GROUP BY ma."MessageId", m."CreatedAt"),
            hit AS (
                SELECT "Id", 0 AS source, rank, NULL::timestamp with time zone AS newest, NULL::text AS name FROM text_hit
                UNION ALL
                SELECT "Id", 1, 0::real, newest, name FROM name_hit
                ORDER BY source, rank DESC, newest DESC, "Id" DESC
                LIMIT {{limit}} OFFSET {{offset}})
            SELECT m."Id" AS "MessageId", m."SessionId" AS "SessionId", s."Title" AS "SessionTitle",
                   CASE WHEN hit.name IS NOT NULL THEN hit.name
                        WHEN to_tsvector('simple', m."Prompt") @@ search.query
                        THEN ts_headline('simple', m."Prompt", search.query, '{{HeadlineOptions}}')
                        ELSE ts_headline('simple', m."Response", search.query, '{{HeadlineOptions}}') END AS "Snippet",
                   m."CreatedAt" AS "CreatedAt", hit.name AS "FileName"
            FROM hit JOIN messages AS m ON m."Id" = hit."Id" JOIN chat_sessions AS s ON s."Id" = m."SessionId", search
            ORDER BY hit.source, hit.rank DESC, hit.newest DESC, m."Id" DESC
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
}
