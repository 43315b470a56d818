-- The playground's arena: a match is two published models answering one keyword, served to one
-- player (slots A and B, by model id and by the public name revealed after the vote); a vote is
-- that player's one verdict on it. Only the worker writes matches, so a vote can only name a
-- match it served, and the primary key makes a repeated vote, even a concurrent one, count once.
CREATE TABLE IF NOT EXISTS arena_matches (
  id         TEXT PRIMARY KEY,
  player_id  TEXT NOT NULL,
  keyword    TEXT NOT NULL,
  model_a    TEXT NOT NULL,
  name_a     TEXT NOT NULL,
  model_b    TEXT NOT NULL,
  name_b     TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS arena_votes (
  match_id   TEXT PRIMARY KEY REFERENCES arena_matches (id),
  choice     TEXT NOT NULL CHECK (choice IN ('a', 'b', 'tie', 'neither')),
  created_at TEXT NOT NULL
);
