-- Crowd ballots, their votes, the public playground's settings and budget, and per-client
-- request counters. See proxy-worker/src/db_ballots.rs, db_play.rs and limits.rs.

-- One ballot. The id is 128 random bits in hex; the admin token is another 256 random bits of which
-- only the SHA-256 (hex) is kept, so a copy of the database does not open anyone's results.
CREATE TABLE IF NOT EXISTS ballots (
    id TEXT PRIMARY KEY,
    admin_token_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,       -- ISO 8601, UTC
    closed_at TEXT                  -- NULL while voting is open
);

-- The jokes of a ballot, gold (control) jokes included. `position` is a random order drawn at
-- creation, so gold jokes sit among the others. The counters are maintained by the trigger below
-- from the votes that were actually inserted, never by the handlers.
CREATE TABLE IF NOT EXISTS ballot_items (
    ballot_id TEXT NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
    joke_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    gold_expected TEXT CHECK (gold_expected IN ('funny', 'not_funny')),   -- NULL: not gold
    funny INTEGER NOT NULL DEFAULT 0,
    not_funny INTEGER NOT NULL DEFAULT 0,
    skip INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (ballot_id, joke_id)
);

-- One vote per voter and joke: the primary key makes a repeat a conflict, and the worker inserts
-- with ON CONFLICT DO NOTHING, so a repeat (even a concurrent one) changes nothing.
CREATE TABLE IF NOT EXISTS votes (
    ballot_id TEXT NOT NULL,
    joke_id TEXT NOT NULL,
    voter_id TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('funny', 'not_funny', 'skip')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (ballot_id, joke_id, voter_id),
    FOREIGN KEY (ballot_id, joke_id) REFERENCES ballot_items (ballot_id, joke_id) ON DELETE CASCADE
) WITHOUT ROWID;

-- A voter's own votes, for "what has this voter not seen yet" and the per-voter results.
CREATE INDEX IF NOT EXISTS votes_by_voter ON votes (ballot_id, voter_id);

-- Counters follow inserted votes only: an INSERT that hit the primary key and did nothing fires no
-- trigger. Votes are never updated or deleted one by one (only with their ballot), so this is the
-- only trigger needed; the increment happens in the same statement, so it cannot be lost.
CREATE TRIGGER IF NOT EXISTS votes_count AFTER INSERT ON votes
BEGIN
    UPDATE ballot_items
    SET funny = funny + (NEW.vote = 'funny'),
        not_funny = not_funny + (NEW.vote = 'not_funny'),
        skip = skip + (NEW.vote = 'skip')
    WHERE ballot_id = NEW.ballot_id AND joke_id = NEW.joke_id;
END;

-- The public playground's settings, one row, written by the curator (PUT /api/play/config).
CREATE TABLE IF NOT EXISTS play_config (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    models TEXT NOT NULL,                -- JSON array of model ids
    max_output_tokens INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

-- Tokens the public playground has spent (or set aside for calls in flight) per UTC day.
CREATE TABLE IF NOT EXISTS play_budget (
    day TEXT PRIMARY KEY,                -- UTC date, YYYY-MM-DD
    tokens INTEGER NOT NULL DEFAULT 0
);

-- Fixed-window request counters per limited action ('play', 'votes') and client (an IPv4 address
-- or an IPv6 /64). One row per pair, reset when its window has passed.
CREATE TABLE IF NOT EXISTS rate_limits (
    bucket TEXT NOT NULL,
    client TEXT NOT NULL,
    window_start INTEGER NOT NULL,       -- Unix seconds
    count INTEGER NOT NULL,
    PRIMARY KEY (bucket, client)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rate_limits_by_window ON rate_limits (window_start);
