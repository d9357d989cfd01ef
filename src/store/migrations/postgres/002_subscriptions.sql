-- Trigger subscriptions: each a consumer of the event log with a durable cursor.
CREATE TABLE subscriptions (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kind text NOT NULL,
  owner_user_id text NOT NULL,
  url text NOT NULL,
  filter jsonb NOT NULL,
  secret text NOT NULL,
  cursor bigint NOT NULL,
  status text NOT NULL,
  last_error text,
  last_delivery_at bigint,
  failing_since bigint,
  created_at bigint NOT NULL
);
CREATE INDEX subscriptions_tenant_created ON subscriptions (tenant_id, created_at);

-- Deliveries that failed and wait for their next attempt (or, when dead, were given up).
CREATE TABLE parked_deliveries (
  subscription_id text NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  task_id text,
  attempt integer NOT NULL,
  due_at bigint NOT NULL,
  last_error text,
  dead boolean NOT NULL,
  PRIMARY KEY (subscription_id, seq)
);
