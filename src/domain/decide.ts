/**
 * `decide(state, command, inputs)`: the domain's single entry point. Pure: time and ids come
 * in through `inputs`; the result is the events (already applied to `state`) and a reply.
 * Throws `DomainError` before emitting anything when the command cannot be carried out.
 */
import { addTranscript, assistantTakesPart } from "./assistant.ts";
import type { Command, CommandReply, ExternalTask, InboundContact } from "./commands.ts";
import { Decision, type DecisionInputs } from "./decision.ts";
import { distribute, preferredUntil, servicesOf } from "./distribution.ts";
import { DomainError } from "./errors.ts";
import type { DomainEvent, PresenceStatus } from "./events.ts";
import { type Modality, priorityRank, type Service } from "./model.ts";
import {
  attemptTimedOut,
  createEntry,
  destinationReported,
  entryDue,
  outboundQueueTimedOut,
  removeEntry,
  updateEntry,
} from "./scheduler.ts";
import { ringingOffer, type TaskState, type TenantState } from "./state.ts";
import {
  type Customer,
  noTaskInformation,
  type PreferredUser,
  type TaskEventData,
} from "./taskEventData.ts";
import { emitTaskEvent, iso, serviceFields } from "./taskEvents.ts";
import { leaveQueue, setParameter, terminate, withdraw, withdrawOffer } from "./taskLifecycle.ts";
import {
  customerChanged,
  inputReceived,
  leavesWhenNobodyServes,
  parameterChanged,
  queueLeftBy,
  responseReceived,
  startWorkflow,
  userLeft,
  waitTimerFired,
  workflowFor,
} from "./workflow/interpreter.ts";

export interface DecideResult {
  readonly events: readonly DomainEvent[];
  readonly reply: CommandReply;
}

export function decide(state: TenantState, command: Command, inputs: DecisionInputs): DecideResult {
  const d = new Decision(state, inputs);
  const reply = run(d, command);
  // Tasks that leave a queue nobody serves walk on and may wake other queues: repeat, within
  // reason (a workflow bouncing between empty queues ends up waiting or disconnected).
  for (let round = 0; d.toDistribute.size > 0 && round < maxDistributionRounds; round++) {
    const serviceIds = [...d.toDistribute];
    d.toDistribute.clear();
    for (const task of distribute(d, serviceIds)) {
      // An outbound call waits its queue time for a user: it has no workflow to walk on.
      if (task.entryId !== null) continue;
      if (d.state.tasks.get(task.id)?.status !== "queued") continue;
      if (leavesWhenNobodyServes(d.state, task)) queueLeftBy(d, task, "noUsers");
    }
  }
  return { events: d.events, reply };
}

const maxDistributionRounds = 100;
/** Chat messages one task keeps for its agent. */
export const maxMessagesPerTask = 1_000;

function run(d: Decision, command: Command): CommandReply {
  switch (command.kind) {
    case "ReceiveInbound":
      return receiveInbound(d, command.modality, command);
    case "Hangup":
      hangup(d, liveTask(d.state, command.taskId));
      return {};
    case "SetParameter": {
      const task = liveTask(d.state, command.taskId);
      setParameter(d, task, command.name, command.value);
      parameterChanged(d, task, command.name, command.value);
      return {};
    }
    case "UpdateTask":
      updateTask(d, liveTask(d.state, command.taskId), command);
      return {};
    case "SetPresence":
      setPresence(d, command.userId, command.status);
      return {};
    case "AcceptOffer":
      acceptOffer(d, command.userId, command.offerId);
      return {};
    case "DeclineOffer":
      declineOffer(d, command.userId, command.offerId);
      return {};
    case "EndTask":
      endTask(d, command.userId, command.taskId);
      return {};
    case "FireTimer":
      fireTimer(d, command.timer);
      return {};
    case "CustomerInput":
      customerInput(d, liveTask(d.state, command.taskId), command);
      return {};
    case "CompleteRequest": {
      const task = d.state.tasks.get(command.taskId);
      if (task) responseReceived(d, task, command.waitId, command.outcome);
      return {};
    }
    case "SetResponsibility":
      setResponsibility(d, command.userId, command.serviceId, command.active);
      return {};
    case "EndAfterCallWork":
      if (d.state.users.get(command.userId)?.acwUntil != null) {
        endAfterCallWork(d, command.userId);
      }
      return {};
    case "RecordAdminChange": {
      const { actorUserId, action, target, details } = command;
      d.emit({
        type: "AdminChanged",
        at: d.now,
        taskId: null,
        data: { actorUserId, action, target, details },
        detail: null,
      });
      return {};
    }
    case "Redistribute":
      d.wake(d.state.directory.servicesById.keys());
      return {};
    case "CreateSchedulerEntry":
      return { entryId: createEntry(d, command.entry) };
    case "UpdateSchedulerEntry":
      updateEntry(d, command.entryId, command.entry);
      return {};
    case "RemoveSchedulerEntry":
      removeEntry(d, command.entryId);
      return {};
    case "ReportDestination":
      destinationReported(d, liveTask(d.state, command.taskId), command.outcome);
      return {};
    case "AddExternalTask":
      return addExternalTask(d, command);
    case "RemoveExternalTask":
      removeExternalTask(d, command.taskId);
      return {};
    case "AddTranscript":
      addTranscript(d, liveTask(d.state, command.taskId), command.lines);
      return {};
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

function liveTask(state: TenantState, taskId: string): TaskState {
  const task = state.tasks.get(taskId);
  if (!task) throw DomainError.notFound("taskId", `no live task ${taskId}`);
  return task;
}

function findInboundService(d: Decision, to: string, modality: Modality): Service {
  const service = d.state.directory.findService(to);
  if (!service) throw DomainError.invalid("to", `no service has the address ${to}`);
  if (!service.modalities.includes(modality)) {
    throw DomainError.invalid("to", `service ${service.upn} does not take ${modality} tasks`);
  }
  return service;
}

function callerFields(modality: Modality, contact: InboundContact): Partial<TaskEventData> {
  const from = contact.from.trim();
  if (from === "" || from.toLowerCase() === "anonymous") return { isAnonymous: true };
  const isAddress = from.includes("@");
  const caller: Partial<TaskEventData> = {
    isAnonymous: false,
    customerIdentifier: from,
    ...(isAddress ? { callerUPN: from } : {}),
    ...(!isAddress && modality === "Audio" ? { callerTelNumber: from } : {}),
  };
  return caller;
}

function modalityFields(modality: Modality, contact: InboundContact): Partial<TaskEventData> {
  switch (modality) {
    case "InstantMessaging":
      return contact.message === undefined ? {} : { initialMessage: contact.message };
    case "Email":
      return {
        ...(contact.subject === undefined ? {} : { emailSubject: contact.subject }),
        ...(contact.body === undefined ? {} : { emailBodyUniquePlainText: contact.body }),
      };
    case "Audio":
    case "ExternalTask":
      return {};
    default: {
      const never: never = modality;
      throw new Error(`unknown modality ${String(never)}`);
    }
  }
}

/**
 * Workflow Started for a new inbound task of the service: it runs the workflow assigned for
 * its modality, the assistant takes part if the service has it on. Answers the live task.
 */
function taskStarted(
  d: Decision,
  service: Service,
  modality: Modality,
  data: TaskEventData,
  extra: { readonly priority?: number },
): TaskState {
  const { taskId } = data;
  d.emit({
    type: "WorkflowStarted",
    at: d.now,
    taskId,
    data,
    detail: {
      serviceId: service.id,
      workflow: workflowFor(d.state, service.id, modality),
      ...(assistantTakesPart(service, modality) ? { assistant: true } : {}),
      ...extra,
    },
  });
  return liveTask(d.state, taskId);
}

function receiveInbound(d: Decision, modality: Modality, contact: InboundContact): CommandReply {
  const service = findInboundService(d, contact.to, modality);
  const taskId = d.newId();
  const data = {
    taskId,
    tenantId: d.state.tenantId,
    event: "WorkflowStarted",
    direction: "Inbound",
    modality,
    created: iso(d.now),
    ...callerFields(modality, contact),
    ...modalityFields(modality, contact),
    ...serviceFields(service),
    ...(modality === "Email" ? { emailServiceMailboxUPN: service.upn } : {}),
    taskInformation: noTaskInformation,
  } satisfies TaskEventData;
  const task = taskStarted(d, service, modality, data, {});
  const { customer } = contact;
  startWorkflow(d, task, customer && (() => identifyCaller(d, task, customer)));
  return { taskId };
}

/**
 * The caller is a contact of an address book (the ingress adapter found them): the task takes
 * the contact as its customer, and Parameter Updated, named `customer` with the customer's
 * display name as its value, says so.
 */
function identifyCaller(d: Decision, task: TaskState, customer: Customer): void {
  emitTaskEvent(
    d,
    task,
    "ParameterUpdated",
    {},
    {
      updatedParameterName: "customer",
      updatedParameterValue: customer.displayName ?? "",
      taskInformation: { ...task.data.taskInformation, customer },
    },
  );
}

/**
 * An external task arrives like a call: the service's workflow for external tasks runs it,
 * with the customer, parameters, priority and preferred users it came with.
 */
function addExternalTask(d: Decision, external: ExternalTask): CommandReply {
  const service = d.state.directory.servicesById.get(external.serviceId);
  if (!service) throw DomainError.invalid("serviceUpn", `no service ${external.serviceId}`);
  if (!service.modalities.includes("ExternalTask")) {
    throw DomainError.invalid("serviceUpn", `service ${service.upn} takes no external tasks`);
  }
  external.preferredUsers?.forEach((preferred, at) => {
    if (!d.state.directory.usersByUpn.has(preferred.upn.toLowerCase())) {
      throw DomainError.invalid(`preferredUsers[${at}].upn`, `no user ${preferred.upn}`);
    }
  });
  const taskId = d.newId();
  const identifier = external.customerIdentifier?.trim() ?? "";
  const data = {
    taskId,
    tenantId: d.state.tenantId,
    event: "WorkflowStarted",
    direction: "Inbound",
    modality: "ExternalTask",
    created: iso(d.now),
    isAnonymous: identifier === "",
    ...(identifier === "" ? {} : { customerIdentifier: identifier }),
    ...serviceFields(service),
    taskInformation: {
      ...(external.customer === undefined ? {} : { customer: external.customer }),
      customContextParameters: external.parameters ?? [],
      preferredUsers: external.preferredUsers ?? [],
    },
  } satisfies TaskEventData;
  const priority =
    external.priority === undefined ? {} : { priority: priorityRank(external.priority) };
  startWorkflow(d, taskStarted(d, service, "ExternalTask", data, priority));
  return { taskId };
}

/** The outside system withdrew its task: it leaves the queue, or its user, and ends. */
function removeExternalTask(d: Decision, taskId: string): void {
  const task = d.state.tasks.get(taskId);
  if (task?.data.modality !== "ExternalTask") {
    throw DomainError.notFound("externalTaskId", `no external task ${taskId} in progress`);
  }
  if (task.status === "queued") leaveQueue(d, task, "Removed");
  terminate(d, task, "Removed");
}

function hangup(d: Decision, task: TaskState): void {
  if (task.status === "queued") leaveQueue(d, task, "CallerLeft");
  terminate(d, task, "CallerLeft");
}

function customerInput(
  d: Decision,
  task: TaskState,
  input: Extract<Command, { kind: "CustomerInput" }>,
): void {
  if (inputReceived(d, task, input)) return;
  if (input.message === undefined) {
    throw DomainError.conflict(`task ${task.id} is not waiting for input`, "digits");
  }
  if (task.data.modality !== "InstantMessaging") {
    throw DomainError.conflict(`task ${task.id} is not a chat`, "message");
  }
  if (task.messages >= maxMessagesPerTask) {
    throw DomainError.conflict(
      `task ${task.id} has ${maxMessagesPerTask} messages, the most a chat keeps`,
      "message",
    );
  }
  d.emit({
    type: "CustomerMessage",
    at: d.now,
    taskId: task.id,
    data: { text: input.message },
    detail: null,
  });
}

function updateTask(
  d: Decision,
  task: TaskState,
  update: Extract<Command, { kind: "UpdateTask" }>,
): void {
  update.preferredUsers?.forEach((preferred, at) => {
    if (!d.state.directory.usersByUpn.has(preferred.upn.toLowerCase())) {
      throw DomainError.invalid(`preferredUsers[${at}].upn`, `no user ${preferred.upn}`);
    }
  });
  update.parameters?.forEach((parameter, at) => {
    if (parameter.name.trim() === "") {
      throw DomainError.invalid(`customContextParameters[${at}].name`, "a parameter needs a name");
    }
  });
  const info = task.data.taskInformation;
  const preferredChanged =
    update.preferredUsers !== undefined && !sameJson(update.preferredUsers, info.preferredUsers);
  const changes = {
    ...(update.customer && !sameJson(update.customer, info.customer)
      ? { customer: update.customer }
      : {}),
    ...(update.preferredUsers && preferredChanged
      ? {
          preferredUsers: update.preferredUsers,
          // A queued task waits for its new preferred users for the service's time.
          ...(task.status === "queued"
            ? { preferredUntil: preferredWindow(d, task, update.preferredUsers) }
            : {}),
        }
      : {}),
  };
  if (Object.keys(changes).length > 0) {
    const before = task.data;
    d.emit({
      type: "TaskInformationUpdated",
      at: d.now,
      taskId: task.id,
      data: changes,
      detail: null,
    });
    customerChanged(d, task, before);
    // New preferred users of a queued task may be free right now.
    if ("preferredUsers" in changes && task.status === "queued") d.wake([task.serviceId]);
  }
  for (const { name, value } of update.parameters ?? []) {
    // A Wait for Parameter answered by an earlier parameter may have ended the task.
    if (!d.state.tasks.has(task.id)) break;
    setParameter(d, task, name, value);
    parameterChanged(d, task, name, value);
  }
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function preferredWindow(
  d: Decision,
  task: TaskState,
  preferred: readonly PreferredUser[],
): number | null {
  const service = d.state.directory.servicesById.get(task.serviceId);
  return service ? preferredUntil(d.state, service, preferred, d.now) : null;
}

function setPresence(d: Decision, userId: string, status: PresenceStatus): void {
  const ringing = ringingOffer(d.state, userId);
  if (ringing && status !== "Available") withdraw(d, ringing);
  d.emit({
    type: "PresenceChanged",
    at: d.now,
    taskId: null,
    data: { userId, status },
    detail: null,
  });
  d.wake(servicesOf(d.state, userId));
}

function endAfterCallWork(d: Decision, userId: string): void {
  d.emit({ type: "AfterCallWorkEnded", at: d.now, taskId: null, data: { userId }, detail: null });
  d.wake(servicesOf(d.state, userId));
}

function setResponsibility(d: Decision, userId: string, serviceId: string, active: boolean): void {
  const service = d.state.directory.servicesById.get(serviceId);
  if (!service) throw DomainError.notFound("serviceId", `no service ${serviceId}`);
  if (!service.members.includes(userId)) {
    throw DomainError.invalid("serviceId", `the user is no member of ${service.upn}`);
  }
  const user = d.state.users.get(userId);
  if ((user?.off.includes(serviceId) ?? false) === !active) return;
  // Switched off: an offer of the service ringing for the user stops.
  const ringing = ringingOffer(d.state, userId);
  if (!active && ringing && d.state.tasks.get(ringing.taskId)?.serviceId === serviceId) {
    withdraw(d, ringing);
  }
  d.emit({
    type: "ResponsibilityChanged",
    at: d.now,
    taskId: null,
    data: { userId, serviceId, active },
    detail: null,
  });
  d.wake([serviceId]);
}

function ownOffer(d: Decision, userId: string, offerId: string) {
  const offer = d.state.offers.get(offerId);
  if (!offer || offer.userId !== userId) {
    throw DomainError.notFound("offerId", `no open offer ${offerId} for this user`);
  }
  return offer;
}

function acceptOffer(d: Decision, userId: string, offerId: string): void {
  const offer = ownOffer(d, userId, offerId);
  const task = liveTask(d.state, offer.taskId);
  const user = d.state.directory.usersById.get(userId);
  if (!user) throw DomainError.notFound("userId", `no user ${userId}`);
  // The first to accept a broadcast task takes it; the other offers stop ringing.
  withdrawOffer(d, task, offerId);
  // With room for more (chats), the user may be offered the next task at once.
  d.wake(servicesOf(d.state, userId));
  emitTaskEvent(
    d,
    task,
    "ConnectedToUser",
    { userId, offerId },
    {
      lastConnectedUserId: user.objectId,
      LastConnectedUserUPN: user.upn,
      LastConnectedUserEmail: user.email,
    },
  );
}

function declineOffer(d: Decision, userId: string, offerId: string): void {
  const offer = ownOffer(d, userId, offerId);
  d.emit({
    type: "OfferDeclined",
    at: d.now,
    taskId: offer.taskId,
    data: { offerId, userId },
    detail: null,
  });
  const task = d.state.tasks.get(offer.taskId);
  if (task) d.wake([task.serviceId]);
  d.wake(servicesOf(d.state, userId));
}

function endTask(d: Decision, userId: string, taskId: string): void {
  const task = liveTask(d.state, taskId);
  if (task.status !== "connected" || task.userId !== userId) {
    throw DomainError.conflict(`task ${taskId} is not connected to this user`, "taskId");
  }
  userLeft(d, task, userId);
}

function fireTimer(d: Decision, timer: Extract<Command, { kind: "FireTimer" }>["timer"]): void {
  switch (timer.kind) {
    case "offer": {
      const offer = d.state.offers.get(timer.offerId);
      if (!offer || offer.expiresAt > d.now) return;
      d.emit({
        type: "OfferExpired",
        at: d.now,
        taskId: offer.taskId,
        data: { offerId: offer.id, userId: offer.userId },
        detail: null,
      });
      const task = d.state.tasks.get(offer.taskId);
      if (task) d.wake([task.serviceId]);
      // The user is not ready now: a queue they alone served has nobody available.
      d.wake(servicesOf(d.state, offer.userId));
      return;
    }
    case "queue": {
      const task = d.state.tasks.get(timer.taskId);
      if (task?.status !== "queued" || (task.queueDeadline ?? 0) > d.now) return;
      if (task.entryId !== null) outboundQueueTimedOut(d, task);
      else queueLeftBy(d, task, "timeout");
      return;
    }
    case "wait": {
      const task = d.state.tasks.get(timer.taskId);
      if (task) waitTimerFired(d, task, timer.waitId);
      return;
    }
    case "acw": {
      const user = d.state.users.get(timer.userId);
      if (user?.acwUntil != null && user.acwUntil <= d.now) endAfterCallWork(d, timer.userId);
      return;
    }
    case "preferred": {
      // The preferred users' time is up: anyone may now be offered the task.
      const task = d.state.tasks.get(timer.taskId);
      if (task?.status !== "queued" || (task.preferredUntil ?? Infinity) > d.now) return;
      d.emit({
        type: "TaskInformationUpdated",
        at: d.now,
        taskId: task.id,
        data: { preferredUntil: null },
        detail: null,
      });
      d.wake([task.serviceId]);
      return;
    }
    case "due":
      entryDue(d, timer.entryId);
      return;
    case "attempt":
      attemptTimedOut(d, timer.entryId, timer.taskId);
      return;
    default: {
      const never: never = timer;
      throw new Error(`unknown timer ${JSON.stringify(never)}`);
    }
  }
}
