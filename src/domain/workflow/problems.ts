/** What the workflow validator reports: one entry per problem, with the node and field at fault. */
export const problemSeverities = ["error", "warning"] as const;
export type ProblemSeverity = (typeof problemSeverities)[number];

export interface WorkflowProblem {
  readonly severity: ProblemSeverity;
  /** The node id, or null for the document itself (`start`, `modality`, …). */
  readonly node: string | null;
  /** A dotted path inside the node or document, e.g. `settings.weekly[0].from`; "" for all of it. */
  readonly field: string;
  readonly message: string;
}

export function workflowError(
  node: string | null,
  field: string,
  message: string,
): WorkflowProblem {
  return { severity: "error", node, field, message };
}

export function workflowWarning(
  node: string | null,
  field: string,
  message: string,
): WorkflowProblem {
  return { severity: "warning", node, field, message };
}
