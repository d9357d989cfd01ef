/**
 * The workflows a tenant's tasks can run: every stored version by `id@version`, and which
 * one each service runs per modality. A task pins the version it started with; a service
 * without an assignment runs the built-in workflow Start → Accept → Queue → Disconnect,
 * with the service's routing settings; its queue keeps a task waiting to the maximum queue
 * time when nobody is available.
 */
import type { Modality, Service } from "../model.ts";
import type { WorkflowDefinition } from "./definition.ts";

export interface WorkflowCatalog {
  /** Definitions by `id@version`. */
  readonly versions: ReadonlyMap<string, WorkflowDefinition>;
  /** `id@version` of the newest version assigned, by `assignmentKey`. */
  readonly assigned: ReadonlyMap<string, string>;
}

export const emptyCatalog: WorkflowCatalog = { versions: new Map(), assigned: new Map() };

export const workflowRef = (id: string, version: number) => `${id}@${version}`;

/** The workflow id of an `id@version` reference. */
export const workflowIdOf = (ref: string) => ref.slice(0, ref.lastIndexOf("@"));

export const assignmentKey = (serviceId: string, modality: Modality | string) =>
  `${serviceId} ${modality}`;

/** Builds the catalogue from stored versions and assignments (by workflow id). */
export function catalogOf(
  definitions: readonly WorkflowDefinition[],
  assignments: readonly { serviceId: string; modality: string; workflowId: string }[],
): WorkflowCatalog {
  const versions = new Map<string, WorkflowDefinition>();
  const newest = new Map<string, number>();
  for (const definition of definitions) {
    versions.set(workflowRef(definition.id, definition.version), definition);
    newest.set(definition.id, Math.max(newest.get(definition.id) ?? 0, definition.version));
  }
  const assigned = new Map<string, string>();
  for (const { serviceId, modality, workflowId } of assignments) {
    const version = newest.get(workflowId);
    if (version !== undefined) {
      assigned.set(assignmentKey(serviceId, modality), workflowRef(workflowId, version));
    }
  }
  return { versions, assigned };
}

const builtIns = new WeakMap<Service, WorkflowDefinition>();

/** What a service without an assigned workflow runs. */
export function builtInWorkflow(service: Service): WorkflowDefinition {
  let workflow = builtIns.get(service);
  if (!workflow) {
    workflow = {
      id: "built-in",
      name: "Built-in inbound workflow",
      modality: "Audio",
      version: 1,
      start: "start",
      nodes: {
        start: { activity: "Start", exits: { next: "accept" } },
        accept: { activity: "Accept", exits: { next: "queue" } },
        queue: {
          activity: "Queue",
          settings: {
            maxQueueSeconds: service.routing.maxQueueSeconds,
            ronaSeconds: service.routing.ronaSeconds,
          },
          // No `noUsers`: with nobody available the task waits to its maximum queue time.
          exits: { timeout: "end" },
        },
        end: { activity: "Disconnect" },
      },
    };
    builtIns.set(service, workflow);
  }
  return workflow;
}
