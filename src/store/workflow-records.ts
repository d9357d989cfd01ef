/** Workflow documents as the store keeps them: every version, and which one a service runs. */
import type { Modality } from "../domain/model.ts";

export interface WorkflowRecord {
  readonly tenantId: string;
  readonly id: string;
  /** 1 for the first; each update adds the next. */
  readonly version: number;
  /** The validated definition (JSON), its `version` field equal to `version`. */
  readonly document: unknown;
  readonly createdAt: number;
}

/** The workflow a service runs for one modality. */
export interface WorkflowAssignment {
  readonly tenantId: string;
  readonly serviceId: string;
  readonly modality: Modality;
  readonly workflowId: string;
}
