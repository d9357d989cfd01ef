/**
 * What an agent sees of themselves: presence, routing state, tasks, the offer ringing and the
 * services they belong to with their responsibility. One shape for `GET /api/agent/state`
 * and the `state` events of the agent's stream, read from the tenant's live state.
 */
import { ringingOffer, type TenantState } from "../domain/state.ts";

import { isoOrNull } from "./iso-time.ts";

/** The offer ringing for the user, with the task it is for; none when nothing rings. */
export function offerOf(state: TenantState | undefined, userId: string) {
  const offer = state && ringingOffer(state, userId);
  const task = offer && state?.tasks.get(offer.taskId);
  if (!offer || !task) return null;
  return {
    id: offer.id,
    taskId: offer.taskId,
    offeredAt: new Date(offer.createdAt).toISOString(),
    expiresAt: new Date(offer.expiresAt).toISOString(),
    broadcast: offer.broadcast,
    task: task.data,
  };
}

export type OfferView = NonNullable<ReturnType<typeof offerOf>>;

/** The services the user is a member of, and whether they take its tasks now. */
function servicesOf(state: TenantState, userId: string) {
  const off = state.users.get(userId)?.off ?? [];
  const ids = state.directory.servicesOfUser.get(userId) ?? [];
  return ids.flatMap((id) => {
    const service = state.directory.servicesById.get(id);
    if (!service) return [];
    return [
      {
        id: service.id,
        upn: service.upn,
        displayName: service.displayName,
        responsible: !off.includes(id),
        modalities: service.modalities,
      },
    ];
  });
}

/** The tasks the user is connected to. */
function tasksOf(state: TenantState, taskIds: readonly string[]) {
  return taskIds.flatMap((id) => {
    const task = state.tasks.get(id);
    return task ? [{ id, modality: task.data.modality, serviceId: task.serviceId }] : [];
  });
}

export function agentStateView(state: TenantState, userId: string) {
  const user = state.users.get(userId);
  return {
    presence: user?.presence ?? "Offline",
    state: user?.state ?? "Unavailable",
    stateSince: isoOrNull(user?.stateSince),
    notReady: user?.notReady ?? false,
    afterCallWorkUntil: isoOrNull(user?.acwUntil),
    tasks: tasksOf(state, user?.tasks ?? []),
    offer: offerOf(state, userId),
    services: servicesOf(state, userId),
  };
}

export type AgentStateView = ReturnType<typeof agentStateView>;
