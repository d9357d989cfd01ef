/**
 * Validates a workflow document and reports every problem at once, each with its node and
 * field. Pure: no clock, no I/O. The workflow comes back typed only when there is no error;
 * warnings (a parameter that may be read before it is set) do not stop it.
 */
import { Value } from "typebox/value";
import { type WorkflowDefinition, WorkflowDefinitionSchema } from "./definition.ts";
import { graphProblems, reachableFrom } from "./graph.ts";
import { parameterProblems } from "./parameterFlow.ts";
import { type WorkflowProblem, workflowError } from "./problems.ts";
import { valueProblems } from "./schemaProblems.ts";
import { settingProblems } from "./settingRules.ts";
import { readWorkflow } from "./shape.ts";

export type { WorkflowProblem } from "./problems.ts";

export interface WorkflowValidation {
  readonly workflow?: WorkflowDefinition;
  readonly problems: WorkflowProblem[];
}

/** Document-level problems first, then each node's in document order; stable within a node. */
function inDocumentOrder(
  problems: WorkflowProblem[],
  nodeIds: readonly string[],
): WorkflowProblem[] {
  const rank = (node: string | null) => (node === null ? -1 : nodeIds.indexOf(node));
  return problems
    .map((problem, i) => ({ problem, i }))
    .sort((a, b) => rank(a.problem.node) - rank(b.problem.node) || a.i - b.i)
    .map(({ problem }) => problem);
}

export function validateWorkflow(input: unknown): WorkflowValidation {
  const { loose, problems: found } = readWorkflow(input);
  const reachable = reachableFrom(loose);
  for (const node of loose.nodes.values()) found.push(...settingProblems(node));
  found.push(...graphProblems(loose, reachable), ...parameterProblems(loose, reachable));
  const problems = inDocumentOrder(found, [...loose.nodes.keys()]);
  if (hasErrors(problems)) return { problems };
  // The checks above are finer than the schema; this keeps the returned type honest.
  if (!Value.Check(WorkflowDefinitionSchema, input)) {
    const schema = valueProblems(WorkflowDefinitionSchema, input, null, "");
    const fallback = workflowError(null, "", "does not match the workflow schema");
    return { problems: [...problems, ...(schema.length > 0 ? schema : [fallback])] };
  }
  return { workflow: input, problems };
}

export function hasErrors(problems: readonly WorkflowProblem[]): boolean {
  return problems.some((problem) => problem.severity === "error");
}
