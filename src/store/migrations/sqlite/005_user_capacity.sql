-- A user's own capacity per modality (JSON), null for the defaults.
ALTER TABLE users ADD COLUMN capacity TEXT;
