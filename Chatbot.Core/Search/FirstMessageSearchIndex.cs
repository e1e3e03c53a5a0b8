namespace Chatbot.Core.Search;

/// <summary>
/// The first full-text indexes over <c>messages</c>, as the <c>Search</c> migrations created them: one index shared by
/// every user, so a search read every user's matches before it kept the caller's. Kept as they were for those migrations
/// and for the <c>SearchByOwner</c> migrations' Down; <see cref="MessageSearchIndex"/> is the index in use.
/// </summary>
public static class FirstMessageSearchIndex
{
    /// <summary>
    /// SQLite: an FTS5 table over <c>messages</c> (external content: the index keeps only the tokens, the text stays in
    /// <c>messages</c>), keyed by the message id, and the three triggers that keep it in step. The update trigger fires
    /// only for the prompt and the answer, so the status, token and timestamp writes cost nothing; a streaming answer's
    /// heartbeat rewrites the answer each second and so re-indexes it, which is cheap at that rate. <c>rebuild</c>
    /// indexes the messages stored before. Diacritics are kept (<c>cafe</c> does not find <c>café</c>), as PostgreSQL's
    /// 'simple' configuration keeps them, so both databases find the same messages.
    /// </summary>
    public const string SqliteUp = """
        CREATE VIRTUAL TABLE messages_search USING fts5(
            "Prompt", "Response", content='messages', content_rowid='Id', tokenize='unicode61 remove_diacritics 0');

        CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
            INSERT INTO messages_search(rowid, "Prompt", "Response") VALUES (new."Id", new."Prompt", new."Response");
        END;

        CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
            INSERT INTO messages_search(messages_search, rowid, "Prompt", "Response") VALUES ('delete', old."Id", old."Prompt", old."Response");
        END;

        CREATE TRIGGER messages_search_update AFTER UPDATE OF "Prompt", "Response" ON messages BEGIN
            INSERT INTO messages_search(messages_search, rowid, "Prompt", "Response") VALUES ('delete', old."Id", old."Prompt", old."Response");
            INSERT INTO messages_search(rowid, "Prompt", "Response") VALUES (new."Id", new."Prompt", new."Response");
        END;

        INSERT INTO messages_search(messages_search) VALUES ('rebuild');
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS messages_search_update;
        DROP TRIGGER IF EXISTS messages_search_delete;
        DROP TRIGGER IF EXISTS messages_search_insert;
        DROP TABLE IF EXISTS messages_search;
        """;

    /// <summary>
    /// PostgreSQL: a stored generated tsvector over the prompt and the answer ('simple': no stemming and no stop words,
    /// so it works alike for every language) with a GIN index. Adding it computes it for every message stored before.
    /// It is SQL rather than EF's <c>IsGeneratedTsVectorColumn</c> on purpose: a column in the model is read back
    /// (<c>RETURNING</c>) after every insert and update of a message and loaded with every message EF reads, which
    /// would ship each message's whole vector to the app for nothing. Only the search query names the column.
    /// </summary>
    public const string PostgreSqlUp = """
        ALTER TABLE messages ADD COLUMN "SearchVector" tsvector
            GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "Prompt" || ' ' || "Response")) STORED;
        CREATE INDEX "IX_messages_SearchVector" ON messages USING GIN ("SearchVector");
        """;

    public const string PostgreSqlDown = """
        DROP INDEX IF EXISTS "IX_messages_SearchVector";
        ALTER TABLE messages DROP COLUMN IF EXISTS "SearchVector";
        """;
}
