#!/usr/bin/env python3
"""Fills one user's sessions with COUNT messages of varied text, straight into the database, for the search benchmark.

    seed_search.py DATABASE COUNT SESSION_ID...

DATABASE is the SQLite file, or the app's PostgreSQL connection string (Host=...;Port=...;Username=...;Database=...),
which is written through psql's COPY. The text is drawn from a fixed vocabulary of 5,000 made-up words (a fixed seed,
so every run is the same): a prompt of 8 words and an answer of 20, so one word is in about one message in 180, some
560 of 100,000: a query matches hundreds, not all. The inserts go through the app's triggers (and on PostgreSQL its
generated column), so the index is built as the app would build it. Prints a few words of the vocabulary,
space-separated, for the benchmark to ask for.
"""
import csv
import io
import os
import random
import sqlite3
import string
import subprocess
import sys

database, count, sessions = sys.argv[1], int(sys.argv[2]), [int(s) for s in sys.argv[3:]]
rng = random.Random(20261203)
vocabulary = sorted({"".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 10))) for _ in range(5200)})[:5000]
rng.shuffle(vocabulary)


def sentence(words):
    return " ".join(rng.choices(vocabulary, k=words)).capitalize() + "."


rows = [(sessions[i % len(sessions)], sentence(8), sentence(20), "2026-11-25 09:00:00") for i in range(count)]

if "Host=" in database:
    # The app's connection string, in psql's words; the bench's server trusts local connections.
    names = {"host": "host", "port": "port", "username": "user", "database": "dbname", "password": "password"}
    settings = dict(part.split("=", 1) for part in database.split(";") if "=" in part)
    conninfo = " ".join(f"{names[key.lower()]}={value}" for key, value in settings.items() if key.lower() in names)
    text = io.StringIO()
    psql = ["psql", conninfo, "-v", "ON_ERROR_STOP=1", "-q"]
    owner = subprocess.run(psql + ["-Atc", f'SELECT "UserId" FROM chat_sessions WHERE "Id" = {sessions[0]}'],
                           capture_output=True, text=True, check=True, env=os.environ).stdout.strip()
    csv.writer(text).writerows((s, owner, p, r, "Complete", "gemini-2.5-flash", "STOP", t, t, "true") for s, p, r, t in rows)
    subprocess.run(psql + ["-c", """COPY messages ("SessionId", "UserId", "Prompt", "Response", "Status", "Model", "FinishReason", "CreatedAt", "CompletedAt", "OnCurrentBranch")
                            FROM STDIN WITH (FORMAT csv)"""],
                   input=text.getvalue(), text=True, check=True, env=os.environ)
    subprocess.run(psql + ["-c", """
        UPDATE messages SET "ParentId" = (SELECT MAX(earlier."Id") FROM messages AS earlier
                                          WHERE earlier."SessionId" = messages."SessionId" AND earlier."Id" < messages."Id")
        WHERE "ParentId" IS NULL""", "-c", "ANALYZE"], text=True, check=True, env=os.environ)
else:
    with sqlite3.connect(database, timeout=30) as db:
        # A message carries its session's owner, as the app stores it.
        db.executemany(
            """INSERT INTO messages (SessionId, UserId, Prompt, Response, Status, Model, FinishReason, CreatedAt, CompletedAt, OnCurrentBranch)
               VALUES (?, (SELECT UserId FROM chat_sessions WHERE Id = ?), ?, ?, 'Complete', 'gemini-2.5-flash', 'STOP', ?, ?, 1)""",
            ((s, s, p, r, t, t) for s, p, r, t in rows))
        # Each session one line of messages, as if never edited: each follows the one before it.
        db.execute("""
            UPDATE messages SET ParentId = (SELECT MAX(earlier.Id) FROM messages AS earlier
                                            WHERE earlier.SessionId = messages.SessionId AND earlier.Id < messages.Id)
            WHERE ParentId IS NULL""")
print(" ".join(vocabulary[:50]))
