-- A user's own capacity per modality, null for the defaults.
ALTER TABLE users ADD COLUMN capacity jsonb;
