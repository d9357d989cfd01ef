/** A workflow refused because of the problems listed: every one, with node and field. */
import { DomainError } from "../errors.ts";
import type { WorkflowProblem } from "./problems.ts";

export class WorkflowRejected extends DomainError {
  readonly problems: readonly WorkflowProblem[];

  constructor(problems: readonly WorkflowProblem[], prefix = "document") {
    const errors = problems.filter((p) => p.severity === "error");
    const first = errors[0];
    const where = first ? fieldPath(prefix, first) : prefix;
    super(
      "bad_request",
      `the workflow has ${errors.length} problem${errors.length === 1 ? "" : "s"}` +
        (first ? `; the first: ${where} ${first.message}` : ""),
      where,
    );
    this.name = "WorkflowRejected";
    this.problems = problems;
  }
}

/** `document.nodes.queue.settings.maxQueueSeconds`, or `document.start`. */
export function fieldPath(prefix: string, problem: WorkflowProblem): string {
  const node = problem.node === null ? "" : `.nodes.${problem.node}`;
  const field = problem.field ? `.${problem.field}` : "";
  return `${prefix}${node}${field}`;
}
