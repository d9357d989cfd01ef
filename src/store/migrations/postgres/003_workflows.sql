-- Workflow documents: every version of each.
CREATE TABLE workflows (
  tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id text NOT NULL,
  version integer NOT NULL,
  -- json, not jsonb: a document comes back with its keys in the order it was written.
  document json NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (tenant_id, id, version)
);

-- The workflow each service runs for a modality.
CREATE TABLE service_workflows (
  tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  service_id text NOT NULL,
  modality text NOT NULL,
  workflow_id text NOT NULL,
  PRIMARY KEY (tenant_id, service_id, modality)
);
CREATE INDEX service_workflows_workflow ON service_workflows (tenant_id, workflow_id);
