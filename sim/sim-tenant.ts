/**
 * The simulated tenant: users, services with mixed policies, capacities, after-call work and
 * preferred-user windows, and the workflows they run. Most services' modalities run a
 * queue workflow whose priority comes from the caller (`…-p4@…` is Urgent) and which may
 * first wait for the flow to name preferred users (parameter `ready`); the rest run the
 * built-in workflow. Everything is drawn from the seeded `random`.
 */
import {
  type Directory,
  type DistributionPolicy,
  type DistributionPriority,
  distributionPolicies,
  distributionPriorities,
  type Modality,
  type RoutingSettings,
  type Service,
  type User,
} from "../src/domain/model.ts";
import type { WorkflowDefinition, WorkflowNode } from "../src/domain/workflow/definition.ts";
import { hasErrors, validateWorkflow } from "../src/domain/workflow/validate.ts";

export type Random = () => number;

export interface SimAssignment {
  readonly serviceId: string;
  readonly modality: Modality;
  readonly workflowId: string;
}

export interface SimTenant {
  readonly directory: Directory;
  readonly definitions: readonly WorkflowDefinition[];
  readonly assignments: readonly SimAssignment[];
}

export interface TenantShape {
  readonly users: number;
  readonly services: number;
}

const tenantId = "sim";
const domain = "sim.cirrus.test";
/** Modalities a service may take, in the mixes services are given. */
const modalityMixes: readonly (readonly Modality[])[] = [
  ["Audio"],
  ["InstantMessaging"],
  ["Audio", "InstantMessaging"],
  ["InstantMessaging", "ExternalTask"],
  ["Audio", "InstantMessaging", "ExternalTask"],
  ["ExternalTask"],
];
/** The name of the parameter a queue workflow waits for before it queues. */
export const readyParameter = "ready";

const between = (random: Random, low: number, high: number) =>
  low + Math.floor(random() * (high - low + 1));

function simUser(random: Random, n: number): User {
  const roll = random();
  const capacity: Partial<Record<Modality, number>> | undefined =
    roll < 0.2
      ? { InstantMessaging: between(random, 1, 5), ExternalTask: between(random, 1, 4) }
      : roll < 0.25
        ? { Audio: 0 }
        : undefined;
  return {
    id: `agent-${n}`,
    tenantId,
    orgUnitId: "ou-root",
    upn: `agent-${n}@${domain}`,
    email: `agent-${n}@${domain}`,
    objectId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    displayName: `Agent ${n}`,
    role: "User",
    ...(capacity === undefined ? {} : { capacity }),
  };
}

function simRouting(random: Random, policy: DistributionPolicy): RoutingSettings {
  const preferred = [undefined, 0, 5, 10, 20][between(random, 0, 4)];
  return {
    maxQueueSeconds: between(random, 20, 240),
    ronaSeconds: between(random, 5, 20),
    policy,
    afterCallWorkSeconds: random() < 0.5 ? 0 : between(random, 2, 20),
    ...(preferred === undefined ? {} : { preferredUserSeconds: preferred }),
  };
}

function simService(random: Random, n: number, userIds: readonly string[]): Service {
  const policy = distributionPolicies[n % distributionPolicies.length] as DistributionPolicy;
  const pool = [...userIds];
  const members: string[] = [];
  // A broadcast rings every free member: smaller teams keep it from swamping the counts.
  const size = policy === "Broadcast" ? between(random, 3, 5) : between(random, 4, 10);
  while (members.length < size && pool.length > 0) {
    members.push(pool.splice(Math.floor(random() * pool.length), 1)[0] as string);
  }
  return {
    id: `service-${n}`,
    tenantId,
    orgUnitId: "ou-root",
    upn: `service-${n}@${domain}`,
    name: `service-${n}`,
    displayName: `Service ${n} (${policy})`,
    description: `${policy} service`,
    telNumber: `+4144600${String(n).padStart(4, "0")}`,
    licence: "ContactCenter",
    modalities: modalityMixes[n % modalityMixes.length] as readonly Modality[],
    members,
    routing: simRouting(random, policy),
  };
}

const bye: WorkflowNode = { activity: "Disconnect" };

function queueNode(random: Random, priority: DistributionPriority, connected: string | null) {
  const settings: Record<string, unknown> = { priority };
  if (random() < 0.3) settings.maxQueueSeconds = between(random, 10, 120);
  if (random() < 0.3) settings.ronaSeconds = between(random, 5, 15);
  const exits: Record<string, string> = { timeout: "bye", noUsers: "bye" };
  if (connected !== null) exits.connected = connected;
  return { activity: "Queue", settings, exits } satisfies WorkflowNode;
}

/**
 * Start → Accept → (Wait for `ready`)? → priority by caller → Queue; after the conversation
 * some go through a follow-up queue (a task queued twice) or a short goodbye.
 */
function queueWorkflow(random: Random, id: string, modality: Modality): WorkflowDefinition {
  const waits = random() < 0.6;
  const after = random();
  const nodes: Record<string, WorkflowNode> = {
    start: { activity: "Start", exits: { next: "accept" } },
    accept: { activity: "Accept", exits: { next: waits ? "wait" : "route-4" } },
    bye,
  };
  if (waits) {
    nodes.wait = {
      activity: "WaitForParameter",
      settings: { parameter: readyParameter, timeoutSeconds: between(random, 1, 8) },
      exits: { changed: "route-4", timeout: "route-4" },
    };
  }
  const connected = after < 0.3 ? "follow-up" : after < 0.6 ? "goodbye" : null;
  for (let rank = 4; rank >= 2; rank--) {
    nodes[`route-${rank}`] = {
      activity: "CheckParameter",
      settings: { parameter: "customerIdentifier", operator: "contains", value: `-p${rank}@` },
      exits: { match: `queue-${rank}`, noMatch: rank === 2 ? "queue-1" : `route-${rank - 1}` },
    };
  }
  for (let rank = 1; rank <= 4; rank++) {
    const priority = distributionPriorities[rank - 1] as DistributionPriority;
    nodes[`queue-${rank}`] = queueNode(random, priority, connected);
  }
  if (connected === "follow-up") nodes["follow-up"] = queueNode(random, "High", "bye");
  if (connected === "goodbye") {
    nodes.goodbye = {
      activity: "Announcement",
      settings: { message: "Goodbye", durationSeconds: between(random, 0, 3) },
      exits: { next: "bye" },
    };
  }
  const definition = { id, name: id, modality, version: 1, start: "start", nodes };
  const { workflow, problems } = validateWorkflow(definition);
  if (!workflow || hasErrors(problems)) {
    throw new Error(`simulated workflow ${id} is invalid: ${JSON.stringify(problems)}`);
  }
  return workflow;
}

export function simTenant(random: Random, shape: TenantShape): SimTenant {
  const users = Array.from({ length: shape.users }, (_, i) => simUser(random, i + 1));
  const userIds = users.map((u) => u.id);
  const services = Array.from({ length: shape.services }, (_, i) => simService(random, i, userIds));
  const definitions: WorkflowDefinition[] = [];
  const assignments: SimAssignment[] = [];
  for (const service of services) {
    for (const modality of service.modalities) {
      if (random() < 0.3) continue;
      const workflowId = `${service.name}-${modality}`;
      definitions.push(queueWorkflow(random, workflowId, modality));
      assignments.push({ serviceId: service.id, modality, workflowId });
    }
  }
  return {
    directory: {
      tenant: { id: tenantId, name: "Simulated Company" },
      orgUnits: [{ id: "ou-root", tenantId, parentId: null, name: "Simulated Company" }],
      users,
      services,
    },
    definitions,
    assignments,
  };
}
