-- A run of 404 answers from a subscription's receiver: since when, and how many in a row.
ALTER TABLE subscriptions ADD COLUMN not_found_since INTEGER;
ALTER TABLE subscriptions ADD COLUMN not_found_count INTEGER NOT NULL DEFAULT 0;
