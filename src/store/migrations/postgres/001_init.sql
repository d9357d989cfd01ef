-- The event log: source of truth and outbox. `seq` is assigned by the engine.
CREATE TABLE events (
  seq bigint PRIMARY KEY,
  tenant_id text NOT NULL,
  type text NOT NULL,
  at bigint NOT NULL,
  task_id text,
  data jsonb NOT NULL,
  detail jsonb
);
CREATE INDEX events_tenant_seq ON events (tenant_id, seq);
CREATE INDEX events_task_seq ON events (task_id, seq) WHERE task_id IS NOT NULL;

-- The latest engine state of each tenant.
CREATE TABLE snapshots (
  tenant_id text PRIMARY KEY,
  seq bigint NOT NULL,
  state jsonb NOT NULL
);

-- The directory; `position` keeps the order in which saveDirectory received the rows.
CREATE TABLE tenants (
  id text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE org_units (
  tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  position integer NOT NULL,
  id text NOT NULL,
  parent_id text,
  name text NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE users (
  tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  position integer NOT NULL,
  id text NOT NULL,
  org_unit_id text NOT NULL,
  upn text NOT NULL,
  email text NOT NULL,
  object_id text NOT NULL,
  display_name text NOT NULL,
  role text NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE services (
  tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  position integer NOT NULL,
  id text NOT NULL,
  org_unit_id text NOT NULL,
  upn text NOT NULL,
  name text NOT NULL,
  display_name text NOT NULL,
  description text NOT NULL,
  tel_number text NOT NULL,
  licence text NOT NULL,
  modalities jsonb NOT NULL,
  members jsonb NOT NULL,
  routing jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- API tokens by SHA-256 hash; the token itself is never stored.
CREATE TABLE tokens (
  hash text PRIMARY KEY,
  principal jsonb NOT NULL,
  created_at bigint NOT NULL
);
