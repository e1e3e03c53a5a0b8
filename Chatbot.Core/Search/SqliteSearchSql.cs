namespace Chatbot.Core.Search;

/// <summary>
/// The search on SQLite: an FTS5 <c>MATCH</c> over <c>messages_search</c> for the caller's owner token and the words
/// (see <see cref="MessageSearchIndex"/>), ranked by bm25.
/// </summary>
internal static class SqliteSearchSql
{
    // Two steps, so the costly snippet() is worked out only for the page's hits, not for every match. First the
    // page: the full-text hits that carry the caller's owner token (so the index hands over the caller's messages
    // only), joined to their messages and sessions, whose owner is checked once more, ranked by bm25 with the owner
    // column weighing nothing (the ranking is the words'). CROSS JOIN fixes the join order (SQLite never reorders it):
    // left to itself the planner may start from the user's sessions and probe the index once per message. Then the
    // same MATCH once more, now only to join the page to it and snippet its rows (snippet() needs the match being
    // scanned; a prefix's terms are merged once for the whole scan, not once per hit). -1 lets snippet pick the column
    // that matched best: the prompt or the answer, never the owner, which scores no more than a column with a word in it
    // and comes after both (FTS5 keeps the first of equal columns); the snippet tests would show an owner token.
    private static readonly string Sql = $$"""
        WITH hit AS MATERIALIZED (
            SELECT messages_search.rowid AS "Id", bm25(messages_search, 1.0, 1.0, 0.0) AS "Rank"
            FROM messages_search CROSS JOIN messages AS m CROSS JOIN chat_sessions AS s
            WHERE messages_search MATCH {0} AND m."Id" = messages_search.rowid AND s."Id" = m."SessionId" AND s."UserId" = {1}
            ORDER BY "Rank", messages_search.rowid DESC
            LIMIT {2} OFFSET {3})
        SELECT m."Id" AS "MessageId", m."SessionId" AS "SessionId", s."Title" AS "SessionTitle",
               snippet(messages_search, -1, '{{SearchHit.MatchStart}}', '{{SearchHit.MatchEnd}}', '…', 16) AS "Snippet",
               m."CreatedAt" AS "CreatedAt"
        FROM messages_search CROSS JOIN hit CROSS JOIN messages AS m CROSS JOIN chat_sessions AS s
        WHERE messages_search MATCH {0} AND hit."Id" = messages_search.rowid AND m."Id" = hit."Id" AND s."Id" = m."SessionId"
        ORDER BY hit."Rank", hit."Id" DESC
        """;

    public static SearchCommand Command(SearchQuery query, long userId, int take, int skip)
        => new(Sql, [$"{MessageSearchIndex.SqliteOwnerMatch(userId)} {Match(query)}", userId, take, skip]);

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
