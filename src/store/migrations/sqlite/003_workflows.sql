-- Workflow documents: every version of each, kept as JSON text.
CREATE TABLE workflows (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  document TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id, version)
) STRICT;

-- The workflow each service runs for a modality.
CREATE TABLE service_workflows (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  service_id TEXT NOT NULL,
  modality TEXT NOT NULL,
  workflow_id TEXT NOT NULL,
  PRIMARY KEY (tenant_id, service_id, modality)
) STRICT;
CREATE INDEX service_workflows_workflow ON service_workflows (tenant_id, workflow_id);
