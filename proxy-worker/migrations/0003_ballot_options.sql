-- Ballot options: a target of funny / not funny votes per joke, after which it leaves the ballot,
-- and a time when voting ends by itself. And the jokes of a ballot by position: a joke's place in
-- the ballot's random order is the item id voters see (see tallas_core::ballot::public_id), so
-- votes find their joke through it.
ALTER TABLE ballots ADD COLUMN target_votes INTEGER;   -- NULL: no target
ALTER TABLE ballots ADD COLUMN closes_at TEXT;         -- ISO 8601, UTC; NULL: open until closed by hand

CREATE UNIQUE INDEX IF NOT EXISTS ballot_items_by_position ON ballot_items (ballot_id, position);
