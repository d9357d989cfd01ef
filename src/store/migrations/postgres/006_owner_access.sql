-- Flows whose owner lost access, and how each tenant treats them.
ALTER TABLE subscriptions ADD COLUMN owner_lost_access_at bigint;

CREATE TABLE tenant_settings (
  tenant_id text PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  settings jsonb NOT NULL
);
