/**
 * The workflow interpreter: walks a task through the nodes of its workflow. Activities that
 * take no time run one after the other inside the decision; an activity that waits records
 * a `WorkflowWaiting` (or `InQueue`) event and the walk stops until a command resumes it: an
 * input, a response, a parameter set from outside, a timer, or the queue's outcome.
 * docs/workflows.md describes each activity; the events follow design.md §2.
 */
import type { Decision } from "../decision.ts";
import { availableMembers, preferredUntil } from "../distribution.ts";
import type { CollectRequestSpec, WaitKind } from "../events.ts";
import { type DistributionPriority, type Modality, priorityRank, type Service } from "../model.ts";
import type { TaskState, TenantState } from "../state.ts";
import type { TaskEventData } from "../taskEventData.ts";
import { emitTaskEvent, serviceFields } from "../taskEvents.ts";
import { conversationOver, leaveQueue, setParameter, terminate } from "../taskLifecycle.ts";
import { type ActivitySettings, workflowRegExp } from "./activities.ts";
import { assignmentKey, builtInWorkflow } from "./catalog.ts";
import type { WorkflowDefinition, WorkflowNode } from "./definition.ts";
import { openingHoursAt } from "./openingHours.ts";
import { valueAtPath } from "./responsePath.ts";
import {
  fieldValue,
  maxRenderedLength,
  renderTemplate,
  type TemplateContext,
} from "./templates.ts";

/** Steps one walk may take: a loop of activities that take no time ends the task. */
const maxSteps = 200;
/** Queues one walk may enter: queues left at once by `noUsers` must not spin. */
const maxQueueEntries = 10;
const maxTransfers = 10;
const defaultInputSeconds = 10;
const defaultRequestSeconds = 10;
export const defaultQueuePriority = priorityRank("Normal");
/** Characters an announcement speaks per second when it gives no duration. */
const spokenCharsPerSecond = 15;

/** What an activity does next: leave by an exit, go to a node, or stop (wait or end). */
type Step = { readonly exit: string } | { readonly goto: string } | null;
const exit = (name: string): Step => ({ exit: name });

/** The `id@version` a service runs for a modality; null for the built-in workflow. */
export function workflowFor(
  state: TenantState,
  serviceId: string,
  modality: string,
): string | null {
  return state.workflows.assigned.get(assignmentKey(serviceId, modality)) ?? null;
}

function definitionOf(state: TenantState, task: TaskState): WorkflowDefinition | undefined {
  if (task.workflow !== null) return state.workflows.versions.get(task.workflow);
  const service = state.directory.servicesById.get(task.serviceId);
  return service && builtInWorkflow(service);
}

function serviceOf(state: TenantState, task: TaskState): Service | undefined {
  return state.directory.servicesById.get(task.serviceId);
}

/**
 * Runs the task's workflow from its start node. `accepted`, if given, runs once the walk is
 * past its Start and Accept nodes, before any other activity: System Accepted comes first.
 */
export function startWorkflow(d: Decision, task: TaskState, accepted?: () => void): void {
  const workflow = definitionOf(d.state, task);
  if (!workflow) terminate(d, task, "WorkflowError");
  else walk(d, task, workflow.start, accepted);
}

/** Leaves `node` by `exit`: the next node runs; an exit wired nowhere ends the task. */
function leaveBy(d: Decision, task: TaskState, node: string | null, exitName: string): void {
  const next =
    node === null ? undefined : definitionOf(d.state, task)?.nodes[node]?.exits?.[exitName];
  if (next === undefined) terminate(d, task, "WorkflowError");
  else walk(d, task, next);
}

function walk(d: Decision, task: TaskState, from: string, accepted?: () => void): void {
  let current = from;
  let pending = accepted;
  let queued = 0;
  for (let steps = 0; d.state.tasks.has(task.id); steps++) {
    const node = definitionOf(d.state, task)?.nodes[current];
    const isQueue = node?.activity === "Queue" || node?.activity === "QueueTask";
    if (isQueue) queued++;
    if (!node || steps >= maxSteps || queued > maxQueueEntries) {
      terminate(d, task, "WorkflowError");
      return;
    }
    if (pending && node.activity !== "Start" && node.activity !== "Accept") {
      pending();
      pending = undefined;
    }
    const step = performSafely(d, task, current, node);
    if (step === null) return;
    if ("goto" in step) {
      current = step.goto;
      continue;
    }
    const next = node.exits?.[step.exit];
    if (next === undefined) {
      terminate(d, task, "WorkflowError");
      return;
    }
    current = next;
  }
}

/**
 * Runs one activity; one that fails unexpectedly (say, out of memory building a string) ends
 * its task rather than the whole decision. Every change so far went through `emit`, so the
 * state and the events agree.
 */
function performSafely(d: Decision, task: TaskState, id: string, node: WorkflowNode): Step {
  try {
    return perform(d, task, id, node);
  } catch {
    // Events were emitted before this point: throwing now would leave them unwritten.
    if (d.state.tasks.has(task.id)) terminate(d, task, "WorkflowError");
    return null;
  }
}

function perform(d: Decision, task: TaskState, id: string, node: WorkflowNode): Step {
  const settings = node.settings ?? {};
  switch (node.activity) {
    case "Start":
      return exit("next");
    case "Accept":
      // Only right after Workflow Started (design.md §2); a transferred task stays accepted.
      if (task.data.event === "WorkflowStarted") emitTaskEvent(d, task, "SystemAccepted", {});
      return exit("next");
    case "Announcement":
      return announce(d, task, id, settings as ActivitySettings<"Announcement">);
    case "CollectInformation":
      waitAt(d, task, id, collectRequest(task, settings as ActivitySettings<"CollectInformation">));
      return null;
    case "SaveToParameter": {
      const { parameter, value } = settings as ActivitySettings<"SaveToParameter">;
      setParameter(d, task, parameter, renderTemplate(value, task.data));
      return exit("next");
    }
    case "CheckParameter":
      return exit(
        check(task, settings as ActivitySettings<"CheckParameter">) ? "match" : "noMatch",
      );
    case "GetAvailableUsers": {
      const { parameter } = settings as ActivitySettings<"GetAvailableUsers">;
      const service = serviceOf(d.state, task);
      const count = service ? availableMembers(d.state, service) : 0;
      setParameter(d, task, parameter, String(count));
      return exit("next");
    }
    case "GetQueuePosition": {
      const { parameter } = settings as ActivitySettings<"GetQueuePosition">;
      const ahead = d.state.queues.get(task.serviceId)?.length ?? 0;
      setParameter(d, task, parameter, String(ahead + 1));
      return exit("next");
    }
    case "InputCustomer":
    case "InputCustomerAdvanced":
      askForInput(d, task, id, settings as ActivitySettings<"InputCustomer">, 0);
      return null;
    case "Queue":
    case "QueueTask":
      return enterQueue(d, task, id, settings as ActivitySettings<"Queue">);
    case "WaitForParameter": {
      const { parameter, equals, timeoutSeconds } =
        settings as ActivitySettings<"WaitForParameter">;
      if (equals !== undefined && fieldValue(task.data, parameter) === equals)
        return exit("changed");
      waitAt(d, task, id, { ms: timeoutSeconds * 1000, wait: { kind: "parameter" } });
      return null;
    }
    case "OpeningHours":
      return exit(openingHoursAt(settings as ActivitySettings<"OpeningHours">, d.now));
    case "Transfer":
      return transfer(d, task, settings as ActivitySettings<"Transfer">);
    case "Voicemail": {
      const { message } = settings as ActivitySettings<"Voicemail">;
      if (message !== undefined) say(d, task, id, message);
      terminate(d, task, "Voicemail");
      return null;
    }
    case "Disconnect":
      terminate(d, task, "Disconnected");
      return null;
    default: {
      const never: never = node.activity;
      throw new Error(`unknown activity ${String(never)}`);
    }
  }
}

interface PlannedWait {
  readonly ms: number;
  readonly wait: WaitKind;
}

function waitAt(d: Decision, task: TaskState, node: string, { ms, wait }: PlannedWait): void {
  d.emit({
    type: "WorkflowWaiting",
    at: d.now,
    taskId: task.id,
    data: { waitId: d.newId(), node, until: d.now + ms, wait },
    detail: null,
  });
}

/** Tells the gateway what to play or show the customer; returns the text. */
function say(d: Decision, task: TaskState, node: string, template: string): string {
  const text = renderTemplate(template, task.data);
  d.emit({ type: "WorkflowSaid", at: d.now, taskId: task.id, data: { node, text }, detail: null });
  return text;
}

function askForInput(
  d: Decision,
  task: TaskState,
  node: string,
  settings: ActivitySettings<"InputCustomer">,
  attempt: number,
): void {
  if (settings.prompt !== undefined) say(d, task, node, settings.prompt);
  const ms = (settings.timeoutSeconds ?? defaultInputSeconds) * 1000;
  waitAt(d, task, node, { ms, wait: { kind: "input", attempt } });
}

function announce(
  d: Decision,
  task: TaskState,
  id: string,
  { message, durationSeconds }: ActivitySettings<"Announcement">,
): Step {
  const spoken = Math.max(1, Math.ceil(say(d, task, id, message).length / spokenCharsPerSecond));
  const seconds = durationSeconds ?? (task.data.modality === "Audio" ? spoken : 0);
  if (seconds === 0) return exit("next");
  waitAt(d, task, id, { ms: seconds * 1000, wait: { kind: "pause" } });
  return null;
}

function collectRequest(
  task: TaskState,
  settings: ActivitySettings<"CollectInformation">,
): PlannedWait {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings.headers ?? {})) {
    headers[name] = renderTemplate(value, task.data, "header");
  }
  const isJson = Object.entries(headers).some(
    ([name, value]) => name.toLowerCase() === "content-type" && /json/i.test(value),
  );
  const bodyContext: TemplateContext = isJson ? "json" : "text";
  const ms = (settings.timeoutSeconds ?? defaultRequestSeconds) * 1000;
  const request: CollectRequestSpec = {
    method: settings.method ?? "GET",
    url: renderTemplate(settings.url, task.data, "url"),
    headers,
    ...(settings.body === undefined
      ? {}
      : { body: renderTemplate(settings.body, task.data, bodyContext) }),
    timeoutMs: ms,
  };
  return { ms, wait: { kind: "request", request } };
}

function check(
  task: TaskState,
  { parameter, operator, value = "" }: ActivitySettings<"CheckParameter">,
): boolean {
  const actual = fieldValue(task.data, parameter);
  switch (operator) {
    case "equals":
      return actual === value;
    case "notEquals":
      return actual !== value;
    case "contains":
      return actual.includes(value);
    case "matches":
      try {
        return workflowRegExp(value).test(actual);
      } catch {
        return false;
      }
    case "isEmpty":
      return actual === "";
    case "isNotEmpty":
      return actual !== "";
    default: {
      const never: never = operator;
      throw new Error(`unknown operator ${String(never)}`);
    }
  }
}

function enterQueue(
  d: Decision,
  task: TaskState,
  id: string,
  settings: ActivitySettings<"Queue">,
): Step {
  const service = serviceOf(d.state, task);
  if (!service) return exit("noUsers");
  const maxQueueSeconds = settings.maxQueueSeconds ?? service.routing.maxQueueSeconds;
  emitTaskEvent(d, task, "InQueue", {
    deadline: d.now + maxQueueSeconds * 1000,
    node: id,
    ronaMs: (settings.ronaSeconds ?? service.routing.ronaSeconds) * 1000,
    priority:
      settings.priority === undefined && task.requestedPriority !== null
        ? task.requestedPriority
        : queuePriority(settings.priority),
    preferredUntil: preferredUntil(
      d.state,
      service,
      task.data.taskInformation.preferredUsers,
      d.now,
    ),
  });
  if (availableMembers(d.state, service) === 0) {
    // Nobody to offer it to: a queue that wires `noUsers` lets it go on; any other keeps it
    // waiting, to its maximum queue time, for a member to become available.
    if (!leavesWhenNobodyServes(d.state, task, id)) return null;
    leaveQueue(d, task, "NoUsers");
    return exit("noUsers");
  }
  d.wake([service.id]);
  return null;
}

/**
 * Whether the queue node a task waits at (its current node unless `node` is given) leaves by
 * `noUsers` when no member of the service is available. Queues that do not wire it wait.
 */
export function leavesWhenNobodyServes(
  state: TenantState,
  task: TaskState,
  node: string | null = task.node,
): boolean {
  return node !== null && definitionOf(state, task)?.nodes[node]?.exits?.noUsers !== undefined;
}

/**
 * The rank of a Queue's priority. Workflow versions stored before priorities had names gave
 * a number 0–10 (5 by default): 0–2 is Low, 3–5 Normal, 6–8 High, 9–10 Urgent.
 */
function queuePriority(priority: DistributionPriority | number | undefined): number {
  if (priority === undefined) return defaultQueuePriority;
  if (typeof priority === "string") return priorityRank(priority);
  return priority <= 2 ? 1 : priority <= 5 ? 2 : priority <= 8 ? 3 : 4;
}

/** Looks a target service up by UPN, telephone number, id or name. */
function findService(state: TenantState, name: string): Service | undefined {
  const { directory } = state;
  return (
    directory.findService(name) ??
    directory.servicesById.get(name) ??
    directory.directory.services.find((s) => s.name === name)
  );
}

function transfer(d: Decision, task: TaskState, { target }: ActivitySettings<"Transfer">): Step {
  if (target.service !== undefined) {
    const service = findService(d.state, target.service);
    const modality = task.data.modality as Modality;
    if (
      !service ||
      service.id === task.serviceId ||
      !service.modalities.includes(modality) ||
      task.transfers >= maxTransfers
    ) {
      return exit("failure");
    }
    d.emit({
      type: "TaskTransferred",
      at: d.now,
      taskId: task.id,
      data: {
        serviceId: service.id,
        workflow: workflowFor(d.state, service.id, modality),
        fields: serviceFields(service),
      },
      detail: null,
    });
    const workflow = definitionOf(d.state, task);
    if (!workflow) {
      terminate(d, task, "WorkflowError");
      return null;
    }
    return { goto: workflow.start };
  }
  if (target.number !== undefined) {
    terminate(d, task, "Transferred", { destinationTelNumber: target.number });
    return null;
  }
  const user =
    target.user === undefined
      ? undefined
      : (d.state.directory.usersByUpn.get(target.user.toLowerCase()) ??
        d.state.directory.usersById.get(target.user));
  if (!user) return exit("failure");
  terminate(d, task, "Transferred", { destinationUPN: user.upn });
  return null;
}

// ---- resuming a waiting task -------------------------------------------------------------

function settingsAt<A extends "InputCustomer" | "CollectInformation" | "WaitForParameter">(
  d: Decision,
  task: TaskState,
  node: string,
): ActivitySettings<A> | undefined {
  return definitionOf(d.state, task)?.nodes[node]?.settings as ActivitySettings<A> | undefined;
}

/** Ends the task's wait and leaves its node by `exitName`. */
function endWait(d: Decision, task: TaskState, exitName: string, between?: () => void): void {
  const wait = task.wait;
  if (!wait) return;
  d.emit({
    type: "WaitEnded",
    at: d.now,
    taskId: task.id,
    data: { waitId: wait.waitId, exit: exitName },
    detail: null,
  });
  between?.();
  leaveBy(d, task, wait.node, exitName);
}

/** The wait's timer fired: a pause goes on, anything else times out. */
export function waitTimerFired(d: Decision, task: TaskState, waitId: string): void {
  const wait = task.wait;
  if (!wait || wait.waitId !== waitId || wait.until > d.now) return;
  endWait(d, task, wait.wait.kind === "pause" ? "next" : "timeout");
}

export interface CustomerInput {
  readonly digits?: string;
  readonly message?: string;
}

/** Feeds an Input Customer the task waits at; false when it waits for no input. */
export function inputReceived(d: Decision, task: TaskState, input: CustomerInput): boolean {
  const wait = task.wait;
  if (wait?.wait.kind !== "input") return false;
  const settings = settingsAt<"InputCustomer">(d, task, wait.node);
  if (!settings) return false;
  const value =
    input.digits !== undefined ? input.digits.replace(/#$/, "") : (input.message ?? "").trim();
  if (isValidInput(value, settings)) {
    endWait(d, task, "success", () => setParameter(d, task, settings.parameter, value));
  } else if (wait.wait.attempt < (settings.retries ?? 0)) {
    askForInput(d, task, wait.node, settings, wait.wait.attempt + 1);
  } else {
    endWait(d, task, "invalid");
  }
  return true;
}

function isValidInput(value: string, settings: ActivitySettings<"InputCustomer">): boolean {
  const length = [...value].length;
  if (length < (settings.minLength ?? 1) || length > (settings.maxLength ?? 64)) return false;
  if (settings.pattern === undefined) return true;
  try {
    return workflowRegExp(settings.pattern).test(value);
  } catch {
    return false;
  }
}

export type CollectOutcome =
  | { readonly kind: "response"; readonly status: number; readonly body: string }
  | { readonly kind: "failure"; readonly reason: string };

/** The answer to a Collect Information request: success maps the JSON body to parameters. */
export function responseReceived(
  d: Decision,
  task: TaskState,
  waitId: string,
  outcome: CollectOutcome,
): void {
  const wait = task.wait;
  if (wait?.waitId !== waitId || wait.wait.kind !== "request") return;
  const settings = settingsAt<"CollectInformation">(d, task, wait.node);
  const document = outcome.kind === "response" ? successBody(outcome) : undefined;
  if (!settings || document === undefined) {
    endWait(d, task, "failure");
    return;
  }
  endWait(d, task, "success", () => {
    for (const { parameter, path } of settings.mappings ?? []) {
      const value = valueAtPath(document.json, path);
      if (value !== undefined) setParameter(d, task, parameter, value.slice(0, maxRenderedLength));
    }
  });
}

/** The JSON of a 2xx response; an empty body counts as `{}`; anything else is a failure. */
function successBody(outcome: { status: number; body: string }): { json: unknown } | undefined {
  if (outcome.status < 200 || outcome.status > 299) return undefined;
  if (outcome.body.trim() === "") return { json: {} };
  try {
    return { json: JSON.parse(outcome.body) };
  } catch {
    return undefined;
  }
}

/** A parameter was set from outside; a Wait for Parameter on it may go on. */
export function parameterChanged(d: Decision, task: TaskState, name: string, value: string): void {
  const wait = task.wait;
  if (wait?.wait.kind !== "parameter") return;
  const settings = settingsAt<"WaitForParameter">(d, task, wait.node);
  if (!settings || settings.parameter !== name) return;
  if (settings.equals === undefined || settings.equals === value) endWait(d, task, "changed");
}

/** An Update task changed the customer; a Wait for Parameter on a `customer.` field may go on. */
export function customerChanged(d: Decision, task: TaskState, before: TaskEventData): void {
  const wait = task.wait;
  if (wait?.wait.kind !== "parameter") return;
  const name = settingsAt<"WaitForParameter">(d, task, wait.node)?.parameter;
  if (name === undefined || !name.startsWith("customer.")) return;
  const value = fieldValue(task.data, name);
  if (value !== fieldValue(before, name)) parameterChanged(d, task, name, value);
}

/** The task left its queue unconnected (`timeout` or `noUsers`); the workflow goes on. */
export function queueLeftBy(d: Decision, task: TaskState, exitName: "timeout" | "noUsers"): void {
  leaveQueue(d, task, exitName === "timeout" ? "MaxQueueTime" : "NoUsers");
  leaveBy(d, task, task.node, exitName);
}

/** The user ended the conversation: the queue's `connected` exit, if wired, goes on. */
export function userLeft(d: Decision, task: TaskState, userId: string): void {
  const node = task.node === null ? undefined : definitionOf(d.state, task)?.nodes[task.node];
  const next = node?.exits?.connected;
  if (next === undefined) {
    terminate(d, task, "UserLeft");
    return;
  }
  d.emit({ type: "ConversationEnded", at: d.now, taskId: task.id, data: { userId }, detail: null });
  conversationOver(d, userId, task.serviceId);
  walk(d, task, next);
}
