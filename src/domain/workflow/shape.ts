/**
 * The document's shape: top-level fields, each node's activity, settings and exits. It reads
 * whatever it can into a loose view, so that the graph and parameter checks can still run on
 * the parts that make sense and every problem is reported in one pass.
 */
import { type ActivityName, activityCatalogue, isActivityName } from "./activities.ts";
import { NodeIdSchema, nodeIdPattern, WorkflowDefinitionSchema } from "./definition.ts";
import { type WorkflowProblem, workflowError } from "./problems.ts";
import { isRecord, objectProblems, valueProblems } from "./schemaProblems.ts";

export interface LooseNode {
  readonly id: string;
  /** Null when the node names no known activity (or is not even an object). */
  readonly activity: ActivityName | null;
  readonly settings: Readonly<Record<string, unknown>>;
  /** Exit name → target node id; null when the target is no string (a schema problem). */
  readonly exits: ReadonlyMap<string, string | null>;
}

export interface LooseWorkflow {
  readonly start: string | null;
  /** In document order. */
  readonly nodes: ReadonlyMap<string, LooseNode>;
  /** False when `nodes` is missing or no object: the graph checks then have nothing to say. */
  readonly hasNodes: boolean;
}

const nodeFields = ["activity", "settings", "exits"] as const;
const nodeIdRegExp = new RegExp(nodeIdPattern);

function readActivity(id: string, value: unknown, problems: WorkflowProblem[]) {
  if (typeof value === "string" && isActivityName(value)) return value;
  const message =
    value === undefined
      ? "is required"
      : typeof value === "string"
        ? `unknown activity "${value}"`
        : "must be a string";
  problems.push(workflowError(id, "activity", message));
  return null;
}

function readExits(id: string, value: unknown, problems: WorkflowProblem[]) {
  const exits = new Map<string, string | null>();
  if (value === undefined) return exits;
  if (!isRecord(value)) {
    problems.push(workflowError(id, "exits", "must be an object of exit name → node id"));
    return exits;
  }
  for (const [name, target] of Object.entries(value)) {
    problems.push(...valueProblems(NodeIdSchema, target, id, `exits.${name}`));
    exits.set(name, typeof target === "string" ? target : null);
  }
  return exits;
}

function readNode(id: string, value: unknown, problems: WorkflowProblem[]): LooseNode {
  if (id.length > 100 || !nodeIdRegExp.test(id)) {
    problems.push(
      workflowError(id, "", "is not a valid node id: use letters, digits, '.', '_' or '-'"),
    );
  }
  if (!isRecord(value)) {
    problems.push(workflowError(id, "", "must be an object with an activity"));
    return { id, activity: null, settings: {}, exits: new Map() };
  }
  for (const key of Object.keys(value)) {
    if (!(nodeFields as readonly string[]).includes(key)) {
      problems.push(workflowError(id, key, "is not a field of a node (activity, settings, exits)"));
    }
  }
  const activity = readActivity(id, value.activity, problems);
  const settings = value.settings === undefined ? {} : value.settings;
  if (!isRecord(settings)) problems.push(workflowError(id, "settings", "must be an object"));
  else if (activity !== null) {
    const spec = activityCatalogue[activity];
    problems.push(
      ...objectProblems(spec.settings, settings, id, "settings", `is not a setting of ${activity}`),
    );
  }
  const exits = readExits(id, value.exits, problems);
  return { id, activity, settings: isRecord(settings) ? settings : {}, exits };
}

export function readWorkflow(input: unknown): {
  loose: LooseWorkflow;
  problems: WorkflowProblem[];
} {
  const problems: WorkflowProblem[] = [];
  const nodes = new Map<string, LooseNode>();
  if (!isRecord(input)) {
    problems.push(workflowError(null, "", "a workflow must be a JSON object"));
    return { loose: { start: null, nodes, hasNodes: false }, problems };
  }
  problems.push(
    ...objectProblems(WorkflowDefinitionSchema, input, null, "", "is not a field of a workflow", [
      "nodes",
    ]),
  );
  if (input.nodes === undefined) problems.push(workflowError(null, "nodes", "is required"));
  else if (!isRecord(input.nodes)) problems.push(workflowError(null, "nodes", "must be an object"));
  else {
    for (const [id, value] of Object.entries(input.nodes)) {
      nodes.set(id, readNode(id, value, problems));
    }
  }
  const start = typeof input.start === "string" ? input.start : null;
  return { loose: { start, nodes, hasNodes: isRecord(input.nodes) }, problems };
}
