#!/usr/bin/env python3
"""Fills a session with copies of one real message, straight into the SQLite file, so the benchmark can page
through a session of any size without asking Gemini a hundred thousand times.

    seed_messages.py DATABASE_FILE SESSION_ID COUNT
"""
import sqlite3
import sys

database, session, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
columns = "UserId, Prompt, Response, Status, Model, FinishReason, PromptTokens, ResponseTokens, CreatedAt, CompletedAt"
with sqlite3.connect(database, timeout=30) as db:
    template = db.execute("SELECT Id FROM messages WHERE SessionId = ? ORDER BY Id LIMIT 1", (session,)).fetchone()[0]
    have = db.execute("SELECT COUNT(*) FROM messages WHERE SessionId = ?", (session,)).fetchone()[0]
    if count > have:
        db.execute(f"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
            INSERT INTO messages (SessionId, OnCurrentBranch, {columns})
            SELECT ?, 1, {columns} FROM n, messages WHERE messages.Id = ?""", (count - have, session, template))
        # One line of messages, as a session that was never edited: each follows the one before it.
        db.execute("""
            UPDATE messages SET ParentId = (SELECT MAX(earlier.Id) FROM messages AS earlier
                                            WHERE earlier.SessionId = messages.SessionId AND earlier.Id < messages.Id)
            WHERE SessionId = ?""", (session,))
    # The session's first id and its middle one, for the benchmark's cursors.
    ids = db.execute("SELECT MIN(Id), MAX(Id) FROM messages WHERE SessionId = ?", (session,)).fetchone()
    print(ids[0], (ids[0] + ids[1]) // 2)
