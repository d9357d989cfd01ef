-- The Team/Service Owners of each service (JSON list of user ids), null for none.
ALTER TABLE services ADD COLUMN owners TEXT;
