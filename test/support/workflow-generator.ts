/**
 * Random VALID workflows from a seed: every node reachable through a spanning tree of forward
 * exits, the other exits forward too, except that waiting activities may also point back, so
 * every loop goes through one. Settings are valid for their activity, and reads name a system
 * field or a parameter some node sets. Plus mutations that each break one rule.
 */
import {
  type ActivityName,
  activityCatalogue,
  activityNames,
  checkOperators,
  weekDays,
} from "../../src/domain/workflow/activities.ts";
import type { NodeDoc, WorkflowDoc } from "./workflow-docs.ts";

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
};
const between = (random: Random, min: number, max: number) =>
  min + Math.floor(random() * (max - min + 1));

const exitsOf = (activity: ActivityName): string[] => [
  ...activityCatalogue[activity].requiredExits,
];
const terminals: ActivityName[] = ["Disconnect", "Voicemail"];
const inner = activityNames.filter((name) => name !== "Start" && !terminals.includes(name));
const parameterPool = ["alpha", "beta", "gamma", "delta"];
const systemPool = ["callerTelNumber", "serviceDisplayName", "customer.firstName", "taskId"];

function setterSettings(activity: ActivityName, random: Random): Record<string, unknown> | null {
  const parameter = pick(random, parameterPool);
  switch (activity) {
    case "GetAvailableUsers":
    case "GetQueuePosition":
      return { parameter };
    case "InputCustomer":
    case "InputCustomerAdvanced": {
      const minLength = between(random, 1, 10);
      return {
        parameter,
        minLength,
        maxLength: between(random, minLength, 64),
        pattern: pick(random, ["^[0-9]+$", "^\\w{1,5}$", "[a-z]|[A-Z]"]),
        retries: between(random, 0, 10),
        timeoutSeconds: between(random, 1, 600),
      };
    }
    default:
      return null;
  }
}

/** Settings for one activity; `read` names something that is set somewhere or a system field. */
function settingsFor(activity: ActivityName, random: Random, read: () => string) {
  const template = () => `Hello {{${read()}}}, ${pick(random, ["hi", "{{ taskId }}", ""])}`;
  switch (activity) {
    case "Announcement":
      return { message: template(), durationSeconds: between(random, 0, 600) };
    case "CollectInformation":
      return {
        method: pick(random, ["GET", "POST"]),
        url: `https://crm.example/{{${read()}}}`,
        headers: { "X-Task": "{{taskId}}" },
        timeoutSeconds: between(random, 1, 60),
        mappings: [{ parameter: pick(random, parameterPool), path: "a.b" }],
      };
    case "SaveToParameter":
      return { parameter: pick(random, parameterPool), value: template() };
    case "CheckParameter": {
      const operator = pick(random, checkOperators);
      const value = operator === "matches" ? "^x+$" : "x";
      return operator === "isEmpty" || operator === "isNotEmpty"
        ? { parameter: read(), operator }
        : { parameter: read(), operator, value };
    }
    case "Queue":
    case "QueueTask":
      return {
        maxQueueSeconds: between(random, 5, 86_400),
        ronaSeconds: between(random, 5, 300),
        priority: pick(random, ["Low", "Normal", "High", "Urgent"]),
      };
    case "WaitForParameter":
      return { parameter: read(), timeoutSeconds: between(random, 1, 86_400) };
    case "OpeningHours": {
      const from = between(random, 0, 22);
      const time = (h: number) =>
        `${String(h).padStart(2, "0")}:${pick(random, ["00", "30", "59"])}`;
      return {
        timeZone: pick(random, ["UTC", "Europe/Zurich", "America/New_York", "Asia/Tokyo"]),
        weekly: [
          {
            days: [pick(random, weekDays)],
            from: time(from),
            to: time(between(random, from + 1, 23)),
          },
        ],
        holidays: [pick(random, ["2026-12-25", "2028-02-29", "2027-01-01"])],
      };
    }
    case "Transfer":
      return { target: { [pick(random, ["service", "number", "user"])]: "someone" } };
    case "Voicemail":
      return { message: "Leave a message", maxSeconds: between(random, 5, 600) };
    default:
      return setterSettings(activity, random);
  }
}

/** A random valid workflow of up to `size` inner nodes. */
export function randomWorkflow(random: Random, size: number): WorkflowDoc {
  const ids = ["start"];
  const activities: ActivityName[] = ["Start"];
  const free: { node: number; exit: string }[] = [{ node: 0, exit: "next" }];
  const exits: Record<string, string>[] = [{}];
  const target = (i: number) => ids[i] ?? "end";
  for (let i = 1; i <= size && free.length > 0; i++) {
    const activity =
      free.length >= 2 && random() < 0.15 ? pick(random, terminals) : pick(random, inner);
    const slot = free.splice(Math.floor(random() * free.length), 1)[0];
    if (slot === undefined) break;
    ids.push(`n${i}`);
    activities.push(activity);
    exits.push({});
    const owner = exits[slot.node];
    if (owner) owner[slot.exit] = target(i);
    const optional = activityCatalogue[activity].optionalExits.filter(() => random() < 0.5);
    for (const exit of [...exitsOf(activity), ...optional]) free.push({ node: i, exit });
  }
  ids.push("end");
  activities.push("Disconnect");
  exits.push({});
  const last = ids.length - 1;
  for (const [k, { node, exit }] of free.entries()) {
    const waits = activityCatalogue[activities[node] ?? "Start"].waits;
    const back = waits && random() < 0.4;
    const to = k === 0 ? last : back ? between(random, 1, last) : between(random, node + 1, last);
    const owner = exits[node];
    if (owner) owner[exit] = target(to);
  }
  const sets = new Set<ActivityName>([
    "SaveToParameter",
    "CollectInformation",
    "GetAvailableUsers",
    "GetQueuePosition",
    "InputCustomer",
    "InputCustomerAdvanced",
  ]);
  const settings = activities.map((a) =>
    sets.has(a) ? settingsFor(a, random, () => "taskId") : null,
  );
  const setNames = settings.flatMap((s) => {
    const mappings = (s?.mappings ?? []) as { parameter: string }[];
    return [
      ...(typeof s?.parameter === "string" ? [s.parameter] : []),
      ...mappings.map((m) => m.parameter),
    ];
  });
  const readable = [...systemPool, ...setNames];
  const nodes: Record<string, NodeDoc> = {};
  activities.forEach((activity, i) => {
    const own =
      settings[i] ??
      (sets.has(activity) ? null : settingsFor(activity, random, () => pick(random, readable)));
    const node: NodeDoc = { activity };
    if (own) node.settings = own;
    const out = exits[i];
    if (out && Object.keys(out).length > 0) node.exits = out;
    nodes[target(i)] = node;
  });
  return { id: "random", name: "Random", modality: "Audio", version: 1, start: "start", nodes };
}

export const mutations = ["dropRequiredExit", "danglingExit", "unknownActivity"] as const;
export type Mutation = (typeof mutations)[number];

/** Breaks one rule in place; returns the node and field the validator must name. */
export function mutate(
  doc: WorkflowDoc,
  mutation: Mutation,
  random: Random,
): { node: string; field: string } {
  const wired = Object.entries(doc.nodes).filter(
    ([, node]) => Object.keys(node.exits ?? {}).length > 0,
  );
  const [id, node] = pick(random, wired);
  const exits = node.exits ?? {};
  const exit = pick(
    random,
    Object.keys(exits).filter((name) => exitsOf(node.activity as ActivityName).includes(name)),
  );
  switch (mutation) {
    case "dropRequiredExit":
      delete exits[exit];
      return { node: id, field: `exits.${exit}` };
    case "danglingExit":
      exits[exit] = "missing-node";
      return { node: id, field: `exits.${exit}` };
    case "unknownActivity":
      doc.nodes.mystery = { activity: "Teleport", exits: { next: exits[exit] ?? "end" } };
      exits[exit] = "mystery";
      return { node: "mystery", field: "activity" };
    default: {
      const never: never = mutation;
      return never;
    }
  }
}
