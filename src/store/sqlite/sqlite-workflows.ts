/**
 * Workflow versions and the workflow each service runs, on SQLite. Deleting a workflow
 * removes its versions and its assignments in one transaction.
 */
import type { Database } from "better-sqlite3";
import type { Modality } from "../../domain/model.ts";
import { parseJsonText } from "../json-codec.ts";
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

export interface SqliteWorkflows {
  insert(workflow: WorkflowRecord): void;
  list(tenantId: string): WorkflowRecord[];
  remove(tenantId: string, id: string): boolean;
  assign(tenantId: string, serviceId: string, modality: Modality, workflowId: string | null): void;
  listAssignments(tenantId: string): WorkflowAssignment[];
}

export function sqliteWorkflows(db: Database): SqliteWorkflows {
  const placeholders = workflowColumnNames.map(() => "?").join(", ");
  const insertWorkflow = db.prepare<unknown[]>(
    `INSERT INTO workflows (${workflowColumns}) VALUES (${placeholders})`,
  );
  const selectOfTenant = db.prepare<[string], Row>(
    `SELECT ${workflowColumns} FROM workflows WHERE tenant_id = ? ORDER BY id, version`,
  );
  const deleteVersions = db.prepare<[string, string]>(
    "DELETE FROM workflows WHERE tenant_id = ? AND id = ?",
  );
  const deleteAssignmentsOf = db.prepare<[string, string]>(
    "DELETE FROM service_workflows WHERE tenant_id = ? AND workflow_id = ?",
  );
  const upsertAssignment = db.prepare<[string, string, string, string]>(
    `INSERT INTO service_workflows (${assignmentColumns}) VALUES (?, ?, ?, ?) ` +
      "ON CONFLICT (tenant_id, service_id, modality) DO UPDATE SET " +
      "workflow_id = excluded.workflow_id",
  );
  const deleteAssignment = db.prepare<[string, string, string]>(
    "DELETE FROM service_workflows WHERE tenant_id = ? AND service_id = ? AND modality = ?",
  );
  const selectAssignments = db.prepare<[string], Row>(
    `SELECT ${assignmentColumns} FROM service_workflows WHERE tenant_id = ? ` +
      "ORDER BY service_id, modality",
  );

  const remove = db.transaction((tenantId: string, id: string): boolean => {
    const existed = deleteVersions.run(tenantId, id).changes > 0;
    deleteAssignmentsOf.run(tenantId, id);
    return existed;
  });

  return {
    insert: (workflow) => {
      insertWorkflow.run(...workflowValues(workflow));
    },
    list: (tenantId) =>
      selectOfTenant.all(tenantId).map((row) => workflowFromRow(row, parseJsonText)),
    remove: (tenantId, id) => remove(tenantId, id),
    assign: (tenantId, serviceId, modality, workflowId) => {
      if (workflowId === null) deleteAssignment.run(tenantId, serviceId, modality);
      else upsertAssignment.run(tenantId, serviceId, modality, workflowId);
    },
    listAssignments: (tenantId) => selectAssignments.all(tenantId).map(assignmentFromRow),
  };
}
