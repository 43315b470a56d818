-- The two jokes a match served, in slots A and B, exactly as its player was shown them: with the
-- vote they are a preference pair (the training kit's DPO data). Nullable: matches served before
-- this migration kept no jokes, and their votes still rank the models.
ALTER TABLE arena_matches ADD COLUMN joke_a TEXT;
ALTER TABLE arena_matches ADD COLUMN joke_b TEXT;
