/** One tenant inside the engine: its state, its timers, and how far it is from a snapshot. */
import { indexDirectory } from "../domain/directoryIndex.ts";
import type { Directory } from "../domain/model.ts";
import { restoreState, type StateSnapshot, snapshotVersion } from "../domain/snapshot.ts";
import { emptyState, evolve, type TenantState } from "../domain/state.ts";
import { catalogOf, type WorkflowCatalog } from "../domain/workflow/catalog.ts";
import type { WorkflowDefinition } from "../domain/workflow/definition.ts";
import type { Store } from "../store/port.ts";
import { fromRow } from "./event-rows.ts";
import type { TimerQueue } from "./timer-queue.ts";

export interface TenantRuntime {
  readonly tenantId: string;
  state: TenantState;
  /** Its timers; the engine creates them when it first sets one. */
  timers: TimerQueue | undefined;
  eventsSinceSnapshot: number;
}

const replayPage = 5000;

/** The tenant's stored workflow versions and assignments, as the domain reads them. */
export async function loadWorkflowCatalog(
  store: Store,
  tenantId: string,
): Promise<WorkflowCatalog> {
  const [versions, assignments] = await Promise.all([
    store.listWorkflowVersions(tenantId),
    store.listWorkflowAssignments(tenantId),
  ]);
  return catalogOf(
    versions.map((record) => record.document as WorkflowDefinition),
    assignments,
  );
}

/** Rebuilds a tenant from its latest snapshot and the events after it. */
export async function loadTenant(store: Store, directory: Directory): Promise<TenantRuntime> {
  const tenantId = directory.tenant.id;
  const index = indexDirectory(directory);
  const workflows = await loadWorkflowCatalog(store, tenantId);
  const stored = await store.latestSnapshot(tenantId);
  // A snapshot of another shape (an older version) is ignored: the log alone suffices.
  const isCurrent = (stored?.state as StateSnapshot | undefined)?.version === snapshotVersion;
  const snapshot = isCurrent ? stored : undefined;
  const state = snapshot
    ? restoreState(tenantId, index, workflows, snapshot.state as StateSnapshot)
    : { ...emptyState(tenantId, index), workflows };
  let after = snapshot?.seq ?? 0;
  let replayed = 0;
  for (;;) {
    const rows = await store.readEvents({ tenantId, after, limit: replayPage });
    for (const row of rows) evolve(state, fromRow(row));
    replayed += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < replayPage) break;
    after = last.seq;
  }
  return { tenantId, state, timers: undefined, eventsSinceSnapshot: replayed };
}
