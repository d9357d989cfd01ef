/**
 * The workflow as a graph: exits (required, known, dangling), the start node, reachability
 * and loops that let no time pass. A loop without a waiting activity would spin forever
 * inside one decision, so it is an error.
 */
import { activityCatalogue } from "./activities.ts";
import { type WorkflowProblem, workflowError, workflowWarning } from "./problems.ts";
import type { LooseNode, LooseWorkflow } from "./shape.ts";

export interface Edge {
  readonly exit: string;
  readonly to: string;
}

function isKnownExit(node: LooseNode, exit: string): boolean {
  if (node.activity === null) return true;
  const spec = activityCatalogue[node.activity];
  return spec.requiredExits.includes(exit) || spec.optionalExits.includes(exit);
}

/** The exits a task can take: known exit names (any, for an unknown activity) to real nodes. */
export function edgesOf(node: LooseNode, workflow: LooseWorkflow): Edge[] {
  return [...node.exits].flatMap(([exit, to]) =>
    to !== null && isKnownExit(node, exit) && workflow.nodes.has(to) ? [{ exit, to }] : [],
  );
}

export function reachableFrom(workflow: LooseWorkflow): ReadonlySet<string> {
  const seen = new Set<string>();
  const pending =
    workflow.start !== null && workflow.nodes.has(workflow.start) ? [workflow.start] : [];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    const node = workflow.nodes.get(id);
    if (seen.has(id) || node === undefined) continue;
    seen.add(id);
    for (const edge of edgesOf(node, workflow)) pending.push(edge.to);
  }
  return seen;
}

function exitProblems(node: LooseNode, workflow: LooseWorkflow): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  if (node.activity !== null) {
    const spec = activityCatalogue[node.activity];
    const known = [...spec.requiredExits, ...spec.optionalExits];
    for (const exit of spec.requiredExits) {
      if (!node.exits.has(exit)) {
        problems.push(
          workflowError(
            node.id,
            `exits.${exit}`,
            `is required: ${node.activity} leaves by ${exit}`,
          ),
        );
      }
    }
    for (const exit of node.exits.keys()) {
      if (known.includes(exit)) continue;
      const expected = known.length === 0 ? "it has no exits" : `its exits are ${known.join(", ")}`;
      problems.push(
        workflowError(node.id, `exits.${exit}`, `is not an exit of ${node.activity}: ${expected}`),
      );
    }
  }
  for (const [exit, to] of node.exits) {
    if (to !== null && !workflow.nodes.has(to)) {
      problems.push(
        workflowError(node.id, `exits.${exit}`, `goes to node "${to}", which does not exist`),
      );
    }
  }
  return problems;
}

function startProblems(workflow: LooseWorkflow): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const { start } = workflow;
  const startNode = start === null ? undefined : workflow.nodes.get(start);
  if (start !== null && startNode === undefined) {
    problems.push(workflowError(null, "start", `names node "${start}", which does not exist`));
  } else if (startNode?.activity != null && startNode.activity !== "Start") {
    problems.push(
      workflowError(
        null,
        "start",
        `names node "${start}" (${startNode.activity}), which is not a Start activity`,
      ),
    );
  }
  const starts = [...workflow.nodes.values()].filter((node) => node.activity === "Start");
  if (starts.length === 0 && workflow.hasNodes) {
    problems.push(workflowError(null, "nodes", "has no Start activity"));
  }
  if (starts.length > 1) {
    for (const node of starts.filter((node) => node.id !== start)) {
      problems.push(
        workflowError(
          node.id,
          "activity",
          `is one of ${starts.length} Start activities; a workflow has exactly one`,
        ),
      );
    }
  }
  return problems;
}

/** Strongly connected parts of the graph of non-waiting nodes (Tarjan), in document order. */
function timelessLoops(workflow: LooseWorkflow): string[][] {
  const timeless = (id: string) => {
    const activity = workflow.nodes.get(id)?.activity;
    return activity != null && !activityCatalogue[activity].waits;
  };
  const next = (id: string) => {
    const node = workflow.nodes.get(id);
    return node === undefined
      ? []
      : edgesOf(node, workflow)
          .map((e) => e.to)
          .filter(timeless);
  };
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const loops: string[][] = [];
  const visit = (id: string): void => {
    index.set(id, index.size);
    low.set(id, index.get(id) ?? 0);
    stack.push(id);
    for (const to of next(id)) {
      if (!index.has(to)) visit(to);
      if (stack.includes(to)) low.set(id, Math.min(low.get(id) ?? 0, low.get(to) ?? 0));
    }
    if (low.get(id) !== index.get(id)) return;
    const part: string[] = [];
    for (let top = stack.pop(); top !== undefined; top = top === id ? undefined : stack.pop()) {
      part.push(top);
    }
    if (part.length > 1 || next(id).includes(id)) loops.push(part);
  };
  for (const id of workflow.nodes.keys()) if (timeless(id) && !index.has(id)) visit(id);
  const order = [...workflow.nodes.keys()];
  return loops.map((part) => part.sort((a, b) => order.indexOf(a) - order.indexOf(b)));
}

/** One cycle through `first` inside `part`, by breadth-first search: `a → b → a`. */
function cycleThrough(first: string, part: readonly string[], workflow: LooseWorkflow): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [first];
  for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
    const node = workflow.nodes.get(at);
    for (const { to } of node === undefined ? [] : edgesOf(node, workflow)) {
      if (!part.includes(to) || cameFrom.has(to)) continue;
      cameFrom.set(to, at);
      if (to === first) queue.length = 0;
      else queue.push(to);
    }
  }
  const path = [first];
  for (let at = cameFrom.get(first); at !== undefined && at !== first; at = cameFrom.get(at)) {
    path.unshift(at);
  }
  return [first, ...path];
}

/**
 * System Accepted may only follow Workflow Started (design.md §2), so Accept raises it only
 * when it runs right after Start; anywhere else it is silent, which the author should know.
 */
function lateAccepts(workflow: LooseWorkflow, reachable: ReadonlySet<string>): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  for (const node of workflow.nodes.values()) {
    if (!reachable.has(node.id)) continue;
    for (const edge of edgesOf(node, workflow)) {
      const target = workflow.nodes.get(edge.to);
      if (target?.activity !== "Accept" || node.activity === "Start") continue;
      problems.push(
        workflowWarning(
          edge.to,
          "",
          `raises System Accepted only right after Start; reached from ${node.id} it does not`,
        ),
      );
    }
  }
  return problems;
}

export function graphProblems(
  workflow: LooseWorkflow,
  reachable: ReadonlySet<string>,
): WorkflowProblem[] {
  const problems = startProblems(workflow);
  for (const node of workflow.nodes.values()) problems.push(...exitProblems(node, workflow));
  if (workflow.start !== null && workflow.nodes.has(workflow.start)) {
    for (const id of workflow.nodes.keys()) {
      if (!reachable.has(id)) {
        problems.push(workflowError(id, "", "is not reachable from the start node"));
      }
    }
  }
  problems.push(...lateAccepts(workflow, reachable));
  for (const part of timelessLoops(workflow)) {
    const [first = ""] = part;
    const cycle = cycleThrough(first, part, workflow);
    const others = part.filter((id) => !cycle.includes(id));
    const also = others.length === 0 ? "" : ` (the loop also takes in ${others.join(", ")})`;
    problems.push(
      workflowError(
        first,
        "exits",
        `is in a loop with no waiting activity: ${cycle.join(" → ")}${also}`,
      ),
    );
  }
  return problems;
}
