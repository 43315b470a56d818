-- One row per UTC day and API route: how many successful upstream calls were made and the tokens
-- they consumed. The worker upserts it after every success; the daily budget reads it.
CREATE TABLE IF NOT EXISTS upstream_usage (
    day TEXT NOT NULL,               -- UTC date, YYYY-MM-DD
    route TEXT NOT NULL,             -- e.g. 'generate'
    calls INTEGER NOT NULL DEFAULT 0,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, route)
);
