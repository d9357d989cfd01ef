-- A run of 404 answers from a subscription's receiver: since when, and how many in a row.
ALTER TABLE subscriptions ADD COLUMN not_found_since bigint;
ALTER TABLE subscriptions ADD COLUMN not_found_count integer NOT NULL DEFAULT 0;
