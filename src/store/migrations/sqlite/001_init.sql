-- The event log: source of truth and outbox. `seq` is assigned by the engine.
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  task_id TEXT,
  data TEXT NOT NULL,
  detail TEXT
) STRICT;
CREATE INDEX events_tenant_seq ON events (tenant_id, seq);
CREATE INDEX events_task_seq ON events (task_id, seq) WHERE task_id IS NOT NULL;

-- The latest engine state of each tenant.
CREATE TABLE snapshots (
  tenant_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  state TEXT NOT NULL
) STRICT;

-- The directory; `position` keeps the order in which saveDirectory received the rows.
CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;

CREATE TABLE org_units (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  parent_id TEXT,
  name TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
) STRICT;

CREATE TABLE users (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  org_unit_id TEXT NOT NULL,
  upn TEXT NOT NULL,
  email TEXT NOT NULL,
  object_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
) STRICT;

CREATE TABLE services (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  org_unit_id TEXT NOT NULL,
  upn TEXT NOT NULL,
  name TEXT NOT NULL,
  display_name TEXT NOT NULL,
  description TEXT NOT NULL,
  tel_number TEXT NOT NULL,
  licence TEXT NOT NULL,
  modalities TEXT NOT NULL,
  members TEXT NOT NULL,
  routing TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
) STRICT;

-- API tokens by SHA-256 hash; the token itself is never stored.
CREATE TABLE tokens (
  hash TEXT PRIMARY KEY,
  principal TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
