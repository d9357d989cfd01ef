/**
 * The supervisor's view: each service's queue with its waiting tasks and its members by
 * routing state, and each user's presence and time in state, read from the live state.
 * Tenant Admins see all of it; Supervisors, OU Admins and team owners their own unit and
 * everything below it.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { servicesOverseen, unitsOverseen } from "../../domain/access.ts";
import { DomainError } from "../../domain/errors.ts";
import { distributionPriorities, type Role, routingOf, type Service } from "../../domain/model.ts";
import { type AgentState, agentStates, type TenantState } from "../../domain/state.ts";
import { audit } from "../audit.ts";
import { type Caller, requireUser } from "../auth.ts";
import { isoOrNull } from "../iso-time.ts";
import { SchedulerEntryParams } from "../outbound-schemas.ts";
import { entryView } from "./connector-scheduler.ts";
import type { RouteDeps } from "./deps.ts";

/** Roles that supervise the services and users of their unit. */
const supervising: readonly Role[] = [
  "TenantAdmin",
  "Supervisor",
  "OuAdmin",
  "TeamOwner",
  "TeamOwnerLimited",
];

/** Whole seconds from `since` to `now`; null when `since` is unknown (0). */
const secondsSince = (since: number | null, now: number): number | null =>
  since ? Math.max(0, Math.floor((now - since) / 1000)) : null;

/** Rank 1..4 → Low..Urgent; Normal for a rank out of range (logs from before priorities). */
const priorityName = (rank: number) => distributionPriorities[rank - 1] ?? "Normal";

/** The service's queued tasks in the order they will be offered. */
function waitingOf(state: TenantState, serviceId: string, now: number) {
  const queue = state.queues.get(serviceId) ?? [];
  return queue.flatMap((taskId, at) => {
    const task = state.tasks.get(taskId);
    if (!task) return [];
    return [
      {
        taskId,
        position: at + 1,
        priority: priorityName(task.priority),
        waitingSeconds: secondsSince(task.queuedAt, now) ?? 0,
        modality: task.data.modality,
        preferredUntil: isoOrNull(task.preferredUntil),
        offers: task.offers.length,
      },
    ];
  });
}

/** The service's members counted by routing state, and how many take its tasks. */
function agentsOf(state: TenantState, service: Service) {
  const byState = Object.fromEntries(agentStates.map((name) => [name, 0])) as Record<
    AgentState,
    number
  >;
  let responsible = 0;
  for (const userId of service.members) {
    const user = state.users.get(userId);
    byState[user?.state ?? "Unavailable"] += 1;
    if (!user?.off.includes(service.id)) responsible++;
  }
  return { members: service.members.length, responsible, byState };
}

function serviceView(state: TenantState, service: Service, now: number) {
  const waiting = waitingOf(state, service.id, now);
  return {
    id: service.id,
    upn: service.upn,
    displayName: service.displayName,
    policy: routingOf(service).policy,
    waiting,
    longestWaitSeconds: waiting.reduce(
      (longest, task) => Math.max(longest, task.waitingSeconds),
      0,
    ),
    agents: agentsOf(state, service),
  };
}

function usersView(state: TenantState, now: number, reaches: (unitId: string) => boolean) {
  return state.directory.directory.users
    .filter((user) => reaches(user.orgUnitId))
    .map((user) => {
      const live = state.users.get(user.id);
      return {
        id: user.id,
        upn: user.upn,
        displayName: user.displayName,
        presence: live?.presence ?? "Offline",
        state: live?.state ?? "Unavailable",
        secondsInState: secondsSince(live?.stateSince ?? null, now),
        tasks: live?.tasks.length ?? 0,
        offerId: live?.offerId ?? null,
        notReady: live?.notReady ?? false,
        afterCallWorkUntil: isoOrNull(live?.acwUntil),
      };
    });
}

export const supervisorRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { engine, clock },
) => {
  /**
   * Tenant Admins see every service and user; Supervisors, OU Admins and team owners the
   * users in their organisation unit and below (reading up the path); others nothing.
   */
  const refused = () =>
    new DomainError(
      "forbidden",
      "the supervisor view needs Tenant Admin, OU Admin, a team owner or Supervisor",
      "authorization",
    );
  const reachOf = (caller: Caller, state: TenantState) => {
    const overseen = unitsOverseen(state.directory, requireUser(caller), supervising);
    if (overseen === undefined) throw refused();
    return overseen === "all" ? () => true : overseen;
  };

  /** The services overseen: by unit, or for team owners the services they own. */
  const servicesOf = (caller: Caller, state: TenantState) => {
    const overseen = servicesOverseen(state.directory, requireUser(caller), supervising);
    if (overseen === undefined) throw refused();
    return overseen;
  };

  app.get("/services", async (request) => {
    const state = engine.requireState(request.caller.tenantId);
    const reaches = servicesOf(request.caller, state);
    const now = clock.now();
    return {
      services: state.directory.directory.services
        .filter((s) => reaches(s))
        .map((s) => serviceView(state, s, now)),
    };
  });

  app.get("/users", async (request) => {
    const state = engine.requireState(request.caller.tenantId);
    return { users: usersView(state, clock.now(), reachOf(request.caller, state)) };
  });

  /** Scheduler entries of the services overseen: each with its attempts and their outcomes. */
  const entriesInReach = (caller: Caller, state: TenantState) => {
    const reaches = servicesOf(caller, state);
    return [...state.entries.values()].filter((entry) => {
      const service = state.directory.servicesById.get(entry.spec.serviceId);
      return service !== undefined && reaches(service);
    });
  };

  app.get("/scheduler-entries", async (request) => {
    const state = engine.requireState(request.caller.tenantId);
    return {
      entries: entriesInReach(request.caller, state)
        .sort((a, b) => a.spec.dueAt - b.spec.dueAt)
        .map((entry) => ({
          ...entryView(state, entry),
          status: entry.status,
          attempts: entry.attempts.map((attempt) => ({
            taskId: attempt.taskId,
            startedAt: new Date(attempt.startedAt).toISOString(),
            outcome: attempt.outcome,
          })),
        })),
    };
  });

  // A supervisor takes a planned call off the schedule; one in progress answers 409.
  app.delete(
    "/scheduler-entries/:SchedulerEntryID",
    { schema: { params: SchedulerEntryParams } },
    async (request, reply) => {
      const { tenantId } = request.caller;
      const entryId = request.params.SchedulerEntryID;
      const state = engine.requireState(tenantId);
      if (!entriesInReach(request.caller, state).some((entry) => entry.spec.id === entryId)) {
        throw DomainError.notFound("SchedulerEntryID", `no scheduled entry ${entryId}`);
      }
      await engine.execute(tenantId, { kind: "RemoveSchedulerEntry", entryId });
      await audit(engine, request.caller, "schedulerEntry.remove", entryId);
      return reply.code(204).send();
    },
  );
};
