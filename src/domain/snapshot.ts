/** The live state as plain JSON and back, so recovery need not replay the whole log. */
import type { DirectoryIndex } from "./directoryIndex.ts";
import { emptyRoutingIndex, rebuildRoutingIndex } from "./routingIndex.ts";
import type { EntryState } from "./schedulerEntry.ts";
import {
  countEntry,
  type Offer,
  type TaskState,
  type TenantState,
  type UserState,
} from "./state.ts";
import type { WorkflowCatalog } from "./workflow/catalog.ts";

/** Snapshots of another version are ignored on load: the log alone rebuilds the state. */
export const snapshotVersion = 4;

export interface StateSnapshot {
  readonly version: typeof snapshotVersion;
  readonly tasks: readonly TaskState[];
  readonly users: readonly (readonly [string, UserState])[];
  readonly offers: readonly Offer[];
  readonly queues: readonly (readonly [string, readonly string[]])[];
  readonly lastOffered: readonly (readonly [string, string])[];
  readonly entries: readonly EntryState[];
}

export function snapshotOf(state: TenantState): StateSnapshot {
  return {
    version: snapshotVersion,
    tasks: [...state.tasks.values()],
    users: [...state.users.entries()],
    offers: [...state.offers.values()],
    queues: [...state.queues.entries()],
    lastOffered: [...state.lastOffered.entries()],
    entries: [...state.entries.values()],
  };
}

export function restoreState(
  tenantId: string,
  directory: DirectoryIndex,
  workflows: WorkflowCatalog,
  snapshot: StateSnapshot,
): TenantState {
  // Copy everything: the snapshot object may be shared with the store or a serialiser.
  const state: TenantState = {
    tenantId,
    directory,
    workflows,
    tasks: new Map(
      snapshot.tasks.map((t) => [
        t.id,
        {
          ...t,
          declinedBy: [...t.declinedBy],
          offers: [...t.offers],
          transcript: t.transcript ? { ...t.transcript, lines: [...t.transcript.lines] } : null,
        },
      ]),
    ),
    users: new Map(
      snapshot.users.map(([id, u]) => [id, { ...u, tasks: [...u.tasks], off: [...u.off] }]),
    ),
    offers: new Map(snapshot.offers.map((o) => [o.id, { ...o }])),
    queues: new Map(snapshot.queues.map(([id, q]) => [id, [...q]])),
    lastOffered: new Map(snapshot.lastOffered),
    entries: new Map(snapshot.entries.map((e) => [e.spec.id, { ...e, attempts: [...e.attempts] }])),
    entriesPerService: new Map(),
    routing: emptyRoutingIndex(),
  };
  rebuildRoutingIndex(state);
  for (const entry of state.entries.values()) countEntry(state, entry.spec.serviceId, 1);
  return state;
}
