namespace Chatbot.Core.Search;

/// <summary>
/// The search on SQLite: an FTS5 <c>MATCH</c> over <c>messages_search</c> for the caller's owner token and the words
/// (see <see cref="MessageSearchIndex"/>), ranked by bm25; then the caller's messages whose files' names match
/// (<see cref="FileNameSearch"/>) and the words did not, newest first.
/// </summary>
internal static class SqliteSearchSql
{
    // Steps, so the costly snippet() is worked out only for the page's hits, not for every match. First the full-text
    // hits that carry the caller's owner token (so the index hands over the caller's messages only), joined to their
    // messages and sessions, whose owner is checked once more, ranked by bm25 with the owner column weighing nothing
    // (the ranking is the words'). CROSS JOIN fixes the join order (SQLite never reorders it): left to itself the
    // planner may start from the user's sessions and probe the index once per message. Then the file-name hits, read
    // from the caller's own attachments (their index starts with the owner). The page is taken from both, text hits
    // first. Then the same MATCH once more, now only to join the page's text hits to it and snippet them (snippet()
    // needs the match being scanned; a prefix's terms are merged once for the whole scan, not once per hit). -1 lets
    // snippet pick the column that matched best: the prompt or the answer, never the owner, which scores no more than a
    // column with a word in it and comes after both (FTS5 keeps the first of equal columns); the snippet tests would
    // show an owner token. A file-name hit's snippet is its file's name, marked by the app.
    private static string Sql(string fileNameMatches) => $$"""
        WITH text_hit AS MATERIALIZED (
            SELECT messages_search.rowid AS "Id", bm25(messages_search, 1.0, 1.0, 0.0) AS "Rank"
            FROM messages_search CROSS JOIN messages AS m CROSS JOIN chat_sessions AS s
            WHERE messages_search MATCH {0} AND m."Id" = messages_search.rowid AND s."Id" = m."SessionId" AND s."UserId" = {1}
                  AND NOT s."Transient"),
        name_hit AS MATERIALIZED (
            SELECT ma."MessageId" AS "Id", min(a."Name") AS "Name", m."CreatedAt" AS "CreatedAt"
            FROM attachments AS a CROSS JOIN message_attachments AS ma CROSS JOIN messages AS m CROSS JOIN chat_sessions AS s
            WHERE a."UserId" = {1} AND ({{fileNameMatches}}) AND ma."AttachmentId" = a."Id" AND m."Id" = ma."MessageId"
                  AND s."Id" = m."SessionId" AND s."UserId" = {1} AND NOT s."Transient"
                  AND ma."MessageId" NOT IN (SELECT "Id" FROM text_hit)
            GROUP BY ma."MessageId"),
        hit AS MATERIALIZED (
            SELECT "Id", 0 AS "Source", "Rank", NULL AS "Newest", NULL AS "Name" FROM text_hit
            UNION ALL
            SELECT "Id", 1, 0.0, "CreatedAt", "Name" FROM name_hit
            ORDER BY "Source", "Rank", "Newest" DESC, "Id" DESC
            LIMIT {2} OFFSET {3})
        SELECT "MessageId", "SessionId", "SessionTitle", "Snippet", "CreatedAt", "FileName"
        FROM (
            SELECT m."Id" AS "MessageId", m."SessionId" AS "SessionId", s."Title" AS "SessionTitle",
                   snippet(messages_search, -1, '{{SearchHit.MatchStart}}', '{{SearchHit.MatchEnd}}', '…', 16) AS "Snippet",
                   m."CreatedAt" AS "CreatedAt", NULL AS "FileName", hit."Source", hit."Rank", hit."Newest"
            FROM messages_search CROSS JOIN hit CROSS JOIN messages AS m CROSS JOIN chat_sessions AS s
            WHERE messages_search MATCH {0} AND hit."Source" = 0 AND hit."Id" = messages_search.rowid AND m."Id" = hit."Id"
                  AND s."Id" = m."SessionId"
            UNION ALL
            SELECT m."Id", m."SessionId", s."Title", hit."Name", m."CreatedAt", hit."Name", hit."Source", hit."Rank", hit."Newest"
            FROM hit CROSS JOIN messages AS m CROSS JOIN chat_sessions AS s
            WHERE hit."Source" = 1 AND m."Id" = hit."Id" AND s."Id" = m."SessionId")
        ORDER BY "Source", "Rank", "Newest" DESC, "MessageId" DESC
        """;

    public static SearchCommand Command(SearchQuery query, long userId, int take, int skip)
    {
        List<object> parameters = [$"{MessageSearchIndex.SqliteOwnerMatch(userId)} {Match(query)}", userId, take, skip];
        return new SearchCommand(Sql(FileNameSearch.Condition("a.\"Name\"", query, parameters)), [.. parameters]);
    }

    /// <summary>
    /// The FTS5 query: every term a double-quoted string (FTS5's literal), so nothing in it is an operator; terms side
    /// by side must all match. A term of several words (<c>foo-bar</c>) is a phrase, as FTS5 reads such text itself;
    /// a prefix is <c>"grap"*</c>.
    /// </summary>
    internal static string Match(SearchQuery query) => string.Join(' ', query.Terms.Select(term =>
    {
        var quoted = $"\"{string.Join(' ', term.Words).Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        return term.Kind == SearchTermKind.Prefix ? quoted + "*" : quoted;
    }));
}
