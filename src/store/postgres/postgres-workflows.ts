/**
 * Workflow versions and the workflow each service runs, on PostgreSQL. Deleting a workflow
 * removes its versions and its assignments in one transaction. Lists sort ids by byte, as
 * SQLite does, whatever the database collation.
 */
import type { Pool } from "pg";
import type { Modality } from "../../domain/model.ts";
import { jsonAsIs } from "../json-codec.ts";
import type { Row } from "../row.ts";
import type { WorkflowAssignment, WorkflowRecord } from "../workflow-records.ts";
import {
  assignmentColumns,
  assignmentFromRow,
  workflowColumnNames,
  workflowColumns,
  workflowFromRow,
  workflowValues,
} from "../workflow-rows.ts";
import { withTransaction } from "./pg-transaction.ts";

/** The placeholders of an insert into `workflows`, the document cast to json. */
const workflowPlaceholders = workflowColumnNames
  .map((column, index) => `$${index + 1}${column === "document" ? "::json" : ""}`)
  .join(", ");

export async function insertWorkflowVersion(pool: Pool, workflow: WorkflowRecord): Promise<void> {
  await pool.query(
    `INSERT INTO workflows (${workflowColumns}) VALUES (${workflowPlaceholders})`,
    workflowValues(workflow),
  );
}

export async function listWorkflowVersions(
  pool: Pool,
  tenantId: string,
): Promise<WorkflowRecord[]> {
  const result = await pool.query<Row>(
    `SELECT ${workflowColumns} FROM workflows WHERE tenant_id = $1 ORDER BY id COLLATE "C", version`,
    [tenantId],
  );
  return result.rows.map((row) => workflowFromRow(row, jsonAsIs));
}

export async function deleteWorkflow(pool: Pool, tenantId: string, id: string): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const versions = await client.query("DELETE FROM workflows WHERE tenant_id = $1 AND id = $2", [
      tenantId,
      id,
    ]);
    await client.query("DELETE FROM service_workflows WHERE tenant_id = $1 AND workflow_id = $2", [
      tenantId,
      id,
    ]);
    return (versions.rowCount ?? 0) > 0;
  });
}

export async function assignWorkflow(
  pool: Pool,
  tenantId: string,
  serviceId: string,
  modality: Modality,
  workflowId: string | null,
): Promise<void> {
  if (workflowId === null) {
    await pool.query(
      "DELETE FROM service_workflows WHERE tenant_id = $1 AND service_id = $2 AND modality = $3",
      [tenantId, serviceId, modality],
    );
    return;
  }
  await pool.query(
    `INSERT INTO service_workflows (${assignmentColumns}) VALUES ($1, $2, $3, $4) ` +
      "ON CONFLICT (tenant_id, service_id, modality) DO UPDATE SET " +
      "workflow_id = excluded.workflow_id",
    [tenantId, serviceId, modality, workflowId],
  );
}

export async function listWorkflowAssignments(
  pool: Pool,
  tenantId: string,
): Promise<WorkflowAssignment[]> {
  const result = await pool.query<Row>(
    `SELECT ${assignmentColumns} FROM service_workflows WHERE tenant_id = $1 ` +
      'ORDER BY service_id COLLATE "C", modality COLLATE "C"',
    [tenantId],
  );
  return result.rows.map(assignmentFromRow);
}
