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

/** The UPN of the service an event's payload names, lower-cased, whichever way it spells it. */
export function serviceUpnOf(event: StoredEvent): string | undefined {
  const data = event.data as TaskPayload;
  return (data.serviceUPN ?? data.serviceUpn ?? data.ServiceUPN)?.toLowerCase();
}

/** Whether the filter names the service (a lower-cased UPN) among its services. */
export function namesService(filter: SubscriptionFilter, upn: string | undefined): boolean {
  return upn !== undefined && filter.services.some((named) => named.toLowerCase() === upn);
}

export function matchesFilter(filter: SubscriptionFilter, event: StoredEvent): boolean {
  if (!anyOr(filter.events, event.type)) return false;
  const data = event.data as TaskPayload;
  return (
    (filter.services.length === 0 || namesService(filter, serviceUpnOf(event))) &&
    anyOr(filter.modalities, data.modality) &&
    anyOr(filter.directions, data.direction)
  );
}
