#!/usr/bin/env python3
"""The write cost of one vote in SQLite, the engine under D1, for docs/SCALE.md.

D1 runs each database's statements one at a time, so a database's vote throughput is at most one
over the time its engine takes for a vote's batch. This measures that time outside any runtime:
the schema from proxy-worker/migrations, a ballot of JOKES jokes, and VOTES votes from distinct
voters, each one transaction of the statements the worker sends for a recorded vote (the
rate-limit upsert and the insert that fires the counters' trigger), on a file database with SQLite's
defaults and with WAL. The numbers are SQLite's own cost on this machine; D1 adds its storage
layer's commit and the network on top.

Usage: python3 scripts/bench-vote-sql.py [VOTES] (default 20000). Prints one JSON object.
"""

import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VOTES = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
JOKES = 200

COUNT = (
    "INSERT INTO rate_limits (bucket, client, window_start, count) VALUES ('votes', ?1, ?2, 1) "
    "ON CONFLICT (bucket, client) DO UPDATE SET "
    "count = CASE WHEN excluded.window_start > rate_limits.window_start THEN 1 ELSE rate_limits.count + 1 END, "
    "window_start = MAX(rate_limits.window_start, excluded.window_start) RETURNING count, window_start"
)
INSERT = (
    "INSERT INTO votes (ballot_id, joke_id, voter_id, vote, created_at) "
    "SELECT ?1, joke_id, ?3, ?4, ?5 FROM ballot_items WHERE ballot_id = ?1 AND position = ?2 "
    "AND EXISTS (SELECT 1 FROM ballots WHERE id = ?1 AND closed_at IS NULL "
    "AND (closes_at IS NULL OR closes_at > ?5)) ON CONFLICT DO NOTHING RETURNING voter_id"
)


def schema(db):
    for migration in sorted((ROOT / "proxy-worker/migrations").glob("*.sql")):
        db.executescript(migration.read_text())


def run(journal):
    path = Path(tempfile.mkdtemp()) / "vote.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA journal_mode={journal}")
    schema(db)
    db.execute("INSERT INTO ballots (id, admin_token_hash, title, created_at) VALUES ('b', 'h', 't', '2026-01-01')")
    db.executemany(
        "INSERT INTO ballot_items (ballot_id, joke_id, position, text) VALUES ('b', ?, ?, 'x')",
        [(f"j{i}", i) for i in range(JOKES)],
    )
    times = []
    for n in range(VOTES):
        voter, position = f"voter-{n // JOKES:06d}", n % JOKES
        start = time.perf_counter()
        db.execute("BEGIN")
        db.execute(COUNT, ("127.0.0.1", 0)).fetchall()
        db.execute(INSERT, ("b", position, voter, "funny", "2026-01-01T00:00:00.000Z")).fetchall()
        db.execute("COMMIT")
        times.append(time.perf_counter() - start)
    counted = db.execute("SELECT SUM(funny) FROM ballot_items").fetchone()[0]
    assert counted == VOTES, counted
    db.close()
    os.remove(path)
    times.sort()
    ms = lambda q: round(times[int(q * (len(times) - 1))] * 1000, 4)
    total = sum(times)
    return {"journal": journal, "votes": VOTES, "median_ms": ms(0.5), "p90_ms": ms(0.9), "p99_ms": ms(0.99),
            "votes_per_second_one_writer": round(VOTES / total)}


print(json.dumps({"sqlite": sqlite3.sqlite_version, "runs": [run("delete"), run("wal")]}, indent=2))
