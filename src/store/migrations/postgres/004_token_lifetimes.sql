-- Tokens may expire and may be revoked; null when they do not / have not.
ALTER TABLE tokens ADD COLUMN expires_at bigint;
ALTER TABLE tokens ADD COLUMN revoked_at bigint;
