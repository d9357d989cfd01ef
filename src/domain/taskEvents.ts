/** Building the payload of a task's next trigger event from the one before. */
import type { Decision } from "./decision.ts";
import type { TaskEventDetails, TaskEventType, TransferredFields } from "./events.ts";
import type { Service } from "./model.ts";
import type { TaskState } from "./state.ts";
import type { TaskEventData } from "./taskEventData.ts";

export type DataChanges = Partial<Omit<TaskEventData, "event" | "taskId" | "tenantId">>;

export function nextData(
  previous: TaskEventData,
  type: TaskEventType,
  changes: DataChanges,
): TaskEventData {
  const { updatedParameterName: _name, updatedParameterValue: _value, ...rest } = previous;
  return { ...rest, ...changes, event: type } as TaskEventData;
}

/** The fields of a task's payload that name its service. */
export function serviceFields(service: Service): TransferredFields {
  return {
    serviceId: service.id,
    serviceName: service.name,
    serviceDescription: service.description,
    serviceDisplayName: service.displayName,
    serviceUPN: service.upn,
    ...(service.telNumber ? { serviceTelNumber: service.telNumber } : {}),
  };
}

export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Emits a trigger event for a live task; its payload is the task after the change. */
export function emitTaskEvent<K extends TaskEventType>(
  d: Decision,
  task: TaskState,
  type: K,
  detail: TaskEventDetails[K],
  changes: DataChanges = {},
): void {
  const data = nextData(task.data, type, changes);
  d.emit({ type, at: d.now, taskId: task.id, data, detail } as Parameters<Decision["emit"]>[0]);
}
