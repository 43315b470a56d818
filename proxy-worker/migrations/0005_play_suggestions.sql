-- The keywords the public playground suggests to players (a JSON array of strings; empty: none).
-- `models` also holds models under public names now: {"id", "name"} objects beside plain ids.
ALTER TABLE play_config ADD COLUMN suggestions TEXT NOT NULL DEFAULT '[]';
