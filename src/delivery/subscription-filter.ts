/** Whether a committed event is one a subscription asked for. Pure. */
import type { StoredEvent } from "../store/port.ts";
import type { SubscriptionFilter } from "../store/subscription-records.ts";

interface TaskPayload {
  readonly serviceUPN?: string;
  /** Scheduler entries spell it so (`SchedulerEntryEventData`). */
  readonly serviceUpn?: string;
  /** And the assistant's Voice Transcription Ready so. */
  readonly ServiceUPN?: string;
  readonly modality?: string;
  readonly direction?: string;
}

const anyOr = (list: readonly string[], value: string | undefined) =>
  list.length === 0 || (value !== undefined && list.includes(value));

export function matchesFilter(filter: SubscriptionFilter, event: StoredEvent): boolean {
  if (!anyOr(filter.events, event.type)) return false;
  const data = event.data as TaskPayload;
  const service = (data.serviceUPN ?? data.serviceUpn ?? data.ServiceUPN)?.toLowerCase();
  return (
    (filter.services.length === 0 ||
      (service !== undefined && filter.services.some((upn) => upn.toLowerCase() === service))) &&
    anyOr(filter.modalities, data.modality) &&
    anyOr(filter.directions, data.direction)
  );
}
