/**
 * Mapping `workflows` and `service_workflows` rows to the port's records, shared by both
 * adapters. The document is written as JSON text; each adapter says how it reads one back.
 */
import { modalities } from "../domain/model.ts";
import { encodeJson } from "./json-codec.ts";
import { type JsonDecoder, numberOf, oneOf, type Row, textOf } from "./row.ts";
import type { WorkflowAssignment, WorkflowRecord } from "./workflow-records.ts";

/** The columns of `workflows`, in the order of `workflowValues`. */
export const workflowColumnNames = [
  "tenant_id",
  "id",
  "version",
  "document",
  "created_at",
] as const;

export const workflowColumns = workflowColumnNames.join(", ");

/** One value per column of `workflowColumnNames`; the document as JSON text. */
export function workflowValues(workflow: WorkflowRecord): unknown[] {
  return [
    workflow.tenantId,
    workflow.id,
    workflow.version,
    encodeJson(workflow.document),
    workflow.createdAt,
  ];
}

export function workflowFromRow(row: Row, decode: JsonDecoder): WorkflowRecord {
  return {
    tenantId: textOf(row, "tenant_id"),
    id: textOf(row, "id"),
    version: numberOf(row, "version"),
    document: decode(row.document),
    createdAt: numberOf(row, "created_at"),
  };
}

/** The columns of `service_workflows`. */
export const assignmentColumns = "tenant_id, service_id, modality, workflow_id";

export function assignmentFromRow(row: Row): WorkflowAssignment {
  return {
    tenantId: textOf(row, "tenant_id"),
    serviceId: textOf(row, "service_id"),
    modality: oneOf(row, "modality", modalities),
    workflowId: textOf(row, "workflow_id"),
  };
}
