-- The Team/Service Owners of each service (list of user ids), null for none.
ALTER TABLE services ADD COLUMN owners jsonb;
