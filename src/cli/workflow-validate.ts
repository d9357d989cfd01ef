/** `cirrus workflow validate FILE`: every problem of a workflow file, one line each. */
import { readFile } from "node:fs/promises";
import { type WorkflowProblem, workflowError } from "../domain/workflow/problems.ts";
import { hasErrors, validateWorkflow } from "../domain/workflow/validate.ts";

export interface WorkflowFileReport {
  readonly problems: WorkflowProblem[];
  /** One line per problem, then a summary line; ends with a newline. */
  readonly text: string;
  /** False when there is at least one error; warnings alone leave it true. */
  readonly ok: boolean;
}

/** `error  node "queue" settings.maxQueueSeconds: must be ≥ 5`, or `error  start: …`. */
export function formatWorkflowProblem(problem: WorkflowProblem): string {
  const where =
    problem.node === null
      ? problem.field || "workflow"
      : `node "${problem.node}"${problem.field === "" ? "" : ` ${problem.field}`}`;
  return `${problem.severity.padEnd(6)} ${where}: ${problem.message}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

async function readJson(path: string): Promise<{ json: unknown } | { problem: WorkflowProblem }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    return { problem: workflowError(null, "", `cannot read ${path}: ${(error as Error).message}`) };
  }
  try {
    return { json: JSON.parse(text) as unknown };
  } catch (error) {
    return { problem: workflowError(null, "", `not valid JSON: ${(error as Error).message}`) };
  }
}

export async function validateWorkflowFile(path: string): Promise<WorkflowFileReport> {
  const read = await readJson(path);
  const problems = "json" in read ? validateWorkflow(read.json).problems : [read.problem];
  const errors = problems.filter((problem) => problem.severity === "error").length;
  const summary =
    problems.length === 0
      ? `${path}: valid`
      : `${path}: ${count(errors, "error")}, ${count(problems.length - errors, "warning")}`;
  const lines = [...problems.map(formatWorkflowProblem), summary];
  return { problems, text: `${lines.join("\n")}\n`, ok: !hasErrors(problems) };
}
