/**
 * Parameters read against parameters set. A name that is no system field and that no
 * activity sets is an error. A name some activity sets, but not on every path from the start
 * to the reader, is a warning: a forward "definitely set" dataflow over the graph decides.
 */
import { exitCarryingSets, parametersReadBy, parametersSetBy } from "./activityParameters.ts";
import { edgesOf } from "./graph.ts";
import { type WorkflowProblem, workflowError, workflowWarning } from "./problems.ts";
import type { LooseNode, LooseWorkflow } from "./shape.ts";
import { isWorkflowSystemField } from "./systemFields.ts";

function setBy(node: LooseNode): string[] {
  return node.activity === null
    ? []
    : parametersSetBy(node.activity, node.settings).map((use) => use.name);
}

/** What the task carries out of `node` by `exit`, given what it carried in. */
function carried(node: LooseNode, exit: string, into: ReadonlySet<string>): Set<string> {
  const out = new Set(into);
  const only = node.activity === null ? null : exitCarryingSets(node.activity);
  if (only === null || only === exit) for (const name of setBy(node)) out.add(name);
  return out;
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  return new Set([...a].filter((name) => b.has(name)));
}

/**
 * For each reachable node, the parameters set on every path from the start to it. A node not
 * yet reached by the iteration has no entry, which stands for "everything".
 */
export function definitelySet(
  workflow: LooseWorkflow,
  reachable: ReadonlySet<string>,
): ReadonlyMap<string, ReadonlySet<string>> {
  const into = new Map<string, ReadonlySet<string>>();
  if (workflow.start === null || !reachable.has(workflow.start)) return into;
  into.set(workflow.start, new Set());
  const pending = [workflow.start];
  for (let id = pending.shift(); id !== undefined; id = pending.shift()) {
    const node = workflow.nodes.get(id);
    const before = into.get(id);
    if (node === undefined || before === undefined) continue;
    for (const { exit, to } of edgesOf(node, workflow)) {
      if (to === workflow.start) continue; // nothing is set when a task enters the workflow
      const out = carried(node, exit, before);
      const old = into.get(to);
      const next = old === undefined ? out : intersect(old, out);
      if (old !== undefined && next.size === old.size) continue;
      into.set(to, next);
      if (!pending.includes(to)) pending.push(to);
    }
  }
  return into;
}

export function parameterProblems(
  workflow: LooseWorkflow,
  reachable: ReadonlySet<string>,
): WorkflowProblem[] {
  const setAnywhere = new Set([...workflow.nodes.values()].flatMap(setBy));
  const known = definitelySet(workflow, reachable);
  const problems: WorkflowProblem[] = [];
  for (const node of workflow.nodes.values()) {
    if (node.activity === null) continue;
    for (const { name, field } of parametersReadBy(node.activity, node.settings)) {
      const what = field === "parameter" ? `parameter "${name}"` : `{{${name}}}`;
      if (isWorkflowSystemField(name)) continue;
      if (!setAnywhere.has(name)) {
        problems.push(
          workflowError(
            node.id,
            `settings.${field}`,
            `${what} is neither a system field nor a parameter any activity sets`,
          ),
        );
      } else if (reachable.has(node.id) && !known.get(node.id)?.has(name)) {
        problems.push(
          workflowWarning(
            node.id,
            `settings.${field}`,
            `${what} may be read before it is set: some path from the start does not set it`,
          ),
        );
      }
    }
  }
  return problems;
}
