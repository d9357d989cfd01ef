/**
 * Invariants of the live state that hold after every command, shared by the random walks.
 * `checkInvariants` is about users, offers and queues; `checkWorkflowInvariants` adds what
 * the workflow interpreter promises: no task is left stuck, and no timer is left overdue.
 */
import assert from "node:assert/strict";
import { capacityOf } from "../../src/domain/distribution.ts";
import type { Modality } from "../../src/domain/model.ts";
import type { TenantState } from "../../src/domain/state.ts";
import { pendingTimers } from "../../src/domain/timers.ts";

export function checkInvariants(state: TenantState): void {
  for (const [userId, user] of state.users) {
    if (user.offerId) assert.equal(state.offers.get(user.offerId)?.userId, userId);
    const held = user.tasks.map((taskId) => state.tasks.get(taskId));
    for (const task of held) {
      assert.equal(task?.userId, userId, "a task the user holds is connected to the user");
      assert.equal(task?.status, "connected");
    }
    const modalities = held.map((task) => task?.data.modality as Modality);
    if (modalities.includes("Audio")) {
      assert.equal(held.length, 1, "a call takes a user whole");
      assert.equal(user.offerId, null, "nothing rings for a user on a call");
    }
    for (const modality of new Set(modalities)) {
      const count = modalities.filter((m) => m === modality).length;
      assert.ok(
        count <= capacityOf(state, userId, modality),
        `${userId} over ${modality} capacity`,
      );
    }
  }
  for (const offer of state.offers.values()) {
    assert.ok(state.tasks.get(offer.taskId)?.offers.includes(offer.id));
    assert.equal(state.tasks.get(offer.taskId)?.status, "queued");
  }
  for (const [serviceId, queue] of state.queues) {
    for (const taskId of queue) {
      const task = state.tasks.get(taskId);
      assert.equal(task?.status, "queued");
      assert.equal(task?.serviceId, serviceId);
    }
  }
}

/**
 * After a command at `now`: every task waits somewhere (at a node, in a queue or with a user),
 * each queued task is in its queue exactly once and in priority order, every task runs a
 * workflow the catalogue holds, and no timer is due any more.
 */
export function checkWorkflowInvariants(state: TenantState, now: number): void {
  for (const [serviceId, queue] of state.queues) {
    assert.equal(new Set(queue).size, queue.length, `${serviceId}: a task queued twice`);
    const priorities = queue.map((taskId) => state.tasks.get(taskId)?.priority ?? -1);
    for (let i = 1; i < priorities.length; i++) {
      assert.ok(
        (priorities[i - 1] ?? 0) >= (priorities[i] ?? 0),
        `${serviceId}: queue out of priority order ${priorities.join(",")}`,
      );
    }
  }
  for (const task of state.tasks.values()) {
    const where = `task ${task.id} (${task.status})`;
    assert.equal(task.data.taskId, task.id, where);
    assert.equal(task.data.serviceId, task.serviceId, `${where}: its payload names its service`);
    if (task.workflow !== null) {
      const definition = state.workflows.versions.get(task.workflow);
      assert.ok(definition, `${where} runs ${task.workflow}, which the catalogue lacks`);
      if (task.wait) assert.ok(definition.nodes[task.wait.node], `${where} waits at no node`);
    }
    switch (task.status) {
      case "workflow":
        assert.ok(task.wait, `${where} is stuck: it waits for nothing`);
        assert.equal(task.userId, null, where);
        assert.deepEqual(task.offers, [], where);
        break;
      case "queued":
        assert.equal(task.wait, null, where);
        assert.equal(state.queues.get(task.serviceId)?.filter((id) => id === task.id).length, 1);
        assert.notEqual(task.queueDeadline, null, where);
        break;
      case "connected":
        assert.equal(task.wait, null, where);
        assert.ok(task.userId, where);
        assert.ok(state.users.get(task.userId)?.tasks.includes(task.id), where);
        break;
      default: {
        const never: never = task.status;
        throw new Error(`unknown status ${String(never)}`);
      }
    }
  }
  for (const timer of pendingTimers(state)) {
    assert.ok(timer.at > now, `timer ${timer.id} at ${timer.at} is overdue at ${now}`);
  }
}
