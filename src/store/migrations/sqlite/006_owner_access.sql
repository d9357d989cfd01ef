-- Flows whose owner lost access, and how each tenant treats them.
ALTER TABLE subscriptions ADD COLUMN owner_lost_access_at INTEGER;

CREATE TABLE tenant_settings (
  tenant_id TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  settings TEXT NOT NULL
) STRICT;
