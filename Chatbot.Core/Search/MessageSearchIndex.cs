namespace Chatbot.Core.Search;

/// <summary>
/// The full-text indexes over <c>messages</c>, created by the <c>SearchByOwner</c> migrations and kept current by the
/// database itself, so a message is searchable the moment it is stored and gone from the index the moment it is deleted
/// (a session's or an account's delete cascades to its messages, and so to the index).
/// <para>
/// Each message is indexed with an owner token beside its words, and every search asks for the caller's token as well
/// as the words, so the index itself hands over only the caller's messages: what a search costs follows the caller's
/// own matches, never the other users' (issue 25). An owner token is spelled so that no text can ever produce it;
/// otherwise anyone could slow another user's searches by filling their own messages with that user's token.
/// </para>
/// </summary>
public static class MessageSearchIndex
{
    /// <summary>
    /// Begins every SQLite owner token (U+0001, a control character). The index's tokenizer counts it as a letter; in
    /// the prompt and the answer it is replaced by a space before indexing (to the tokenizer it was a separator there
    /// anyway), so a message's words never hold it.
    /// </summary>
    private const string OwnerMark = "\u0001";

    /// <summary>The messages' owners, for the rows stored before <see cref="Chats.Message.UserId"/> existed: both databases.</summary>
    public const string OwnerBackfill = """
        UPDATE messages SET "UserId" = (SELECT s."UserId" FROM chat_sessions AS s WHERE s."Id" = messages."SessionId");
        """;

    /// <summary>
    /// SQLite: an FTS5 table over the prompt, the answer and the owner token (external content: the index keeps only the
    /// tokens, the text stays in <c>messages</c>, read through a view that shows it as it was indexed), keyed by the
    /// message id, and the three triggers that keep it in step. The update trigger fires only for the prompt and the
    /// answer, so the status, token and timestamp writes cost nothing; a streaming answer's heartbeat rewrites the
    /// answer each second and so re-indexes it, which is cheap at that rate. <c>rebuild</c> indexes the messages stored
    /// before. Diacritics are kept (<c>cafe</c> does not find <c>café</c>), as PostgreSQL's 'simple' configuration
    /// keeps them, so both databases find the same messages.
    /// The delete trigger takes the owner from the message itself, not from its session: when a session's delete
    /// cascades to its messages, the session is already gone.
    /// Beware: should a later migration rebuild <c>messages</c> (SQLite's way to alter some columns), it drops these
    /// triggers; that migration must run <see cref="SqliteUp"/>'s triggers again. The search tests would catch it.
    /// </summary>
    public static readonly string SqliteUp = $$"""
        CREATE VIEW messages_search_content ("Id", "Prompt", "Response", "Owner") AS
            SELECT "Id", {{SqliteIndexed("messages")}} FROM messages;

        CREATE VIRTUAL TABLE messages_search USING fts5(
            "Prompt", "Response", "Owner", content='messages_search_content', content_rowid='Id',
            tokenize="unicode61 remove_diacritics 0 tokenchars '{{OwnerMark}}'");

        CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
            INSERT INTO messages_search(rowid, "Prompt", "Response", "Owner") VALUES (new."Id", {{SqliteIndexed("new")}});
        END;

        CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
            INSERT INTO messages_search(messages_search, rowid, "Prompt", "Response", "Owner") VALUES ('delete', old."Id", {{SqliteIndexed("old")}});
        END;

        CREATE TRIGGER messages_search_update AFTER UPDATE OF "Prompt", "Response", "UserId" ON messages BEGIN
            INSERT INTO messages_search(messages_search, rowid, "Prompt", "Response", "Owner") VALUES ('delete', old."Id", {{SqliteIndexed("old")}});
            INSERT INTO messages_search(rowid, "Prompt", "Response", "Owner") VALUES (new."Id", {{SqliteIndexed("new")}});
        END;

        INSERT INTO messages_search(messages_search) VALUES ('rebuild');
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS messages_search_update;
        DROP TRIGGER IF EXISTS messages_search_delete;
        DROP TRIGGER IF EXISTS messages_search_insert;
        DROP TABLE IF EXISTS messages_search;
        DROP VIEW IF EXISTS messages_search_content;
        """;

    /// <summary>
    /// PostgreSQL: a stored generated tsvector over the prompt and the answer ('simple': no stemming and no stop words,
    /// so it works alike for every language), plus the owner lexeme, with a GIN index. Adding it computes it for every
    /// message stored before. The owner lexeme holds a space, which no word the parser finds ever does; it has no
    /// position, so it does not move ts_rank. It is SQL rather than EF's <c>IsGeneratedTsVectorColumn</c> on purpose: a
    /// column in the model is read back (<c>RETURNING</c>) after every insert and update of a message and loaded with
    /// every message EF reads, which would ship each message's whole vector to the app for nothing. Only the search query
    /// names the column.
    /// </summary>
    public static readonly string PostgreSqlUp = $$"""
        ALTER TABLE messages ADD COLUMN "SearchVector" tsvector
            GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "Prompt" || ' ' || "Response")
                                 || array_to_tsvector(ARRAY[{{PostgreSqlOwner("\"UserId\"")}}])) STORED;
        CREATE INDEX "IX_messages_SearchVector" ON messages USING GIN ("SearchVector");
        """;

    public const string PostgreSqlDown = """
        DROP INDEX IF EXISTS "IX_messages_SearchVector";
        ALTER TABLE messages DROP COLUMN IF EXISTS "SearchVector";
        """;

    /// <summary>The caller's owner token as an FTS5 query: the owner column must hold it.</summary>
    internal static string SqliteOwnerMatch(long userId) => $"Owner : \"{OwnerMark}{userId}\"";

    /// <summary>The caller's owner lexeme as a tsquery, <paramref name="userId"/> being SQL (a parameter).</summary>
    internal static string PostgreSqlOwnerQuery(string userId) => $"quote_literal({PostgreSqlOwner(userId)})::tsquery";

    /// <summary>
    /// The prompt, the answer and the owner token of the row <paramref name="row"/> (<c>messages</c>, <c>new</c> or
    /// <c>old</c>) as the index holds them: the view, the insert and the delete must agree to the byte, or FTS5 deletes
    /// the wrong tokens. <c>char(1)</c> is <see cref="OwnerMark"/>.
    /// </summary>
    private static string SqliteIndexed(string row)
        => $"replace({row}.\"Prompt\", char(1), ' '), replace({row}.\"Response\", char(1), ' '), char(1) || {row}.\"UserId\"";

    /// <summary>A user's owner lexeme, <paramref name="userId"/> being SQL: a column or a parameter.</summary>
    private static string PostgreSqlOwner(string userId) => $"'owner ' || ({userId})::text";
}
