-- Trigger subscriptions: each a consumer of the event log with a durable cursor.
CREATE TABLE subscriptions (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  owner_user_id TEXT NOT NULL,
  url TEXT NOT NULL,
  filter TEXT NOT NULL,
  secret TEXT NOT NULL,
  cursor INTEGER NOT NULL,
  status TEXT NOT NULL,
  last_error TEXT,
  last_delivery_at INTEGER,
  failing_since INTEGER,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX subscriptions_tenant_created ON subscriptions (tenant_id, created_at);

-- Deliveries that failed and wait for their next attempt (or, when dead, were given up).
CREATE TABLE parked_deliveries (
  subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  task_id TEXT,
  attempt INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  last_error TEXT,
  dead INTEGER NOT NULL CHECK (dead IN (0, 1)),
  PRIMARY KEY (subscription_id, seq)
) STRICT;
