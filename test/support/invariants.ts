/**
 * Invariants of the live state that hold after every command, shared by the random walks.
 * `checkInvariants` is about users, offers and queues; `checkWorkflowInvariants` adds what
 * the workflow interpreter promises: no task is left stuck, and no timer is left overdue.
 */
import assert from "node:assert/strict";
import type { TenantState } from "../../src/domain/state.ts";
import { pendingTimers } from "../../src/domain/timers.ts";

export function checkInvariants(state: TenantState): void {
  for (const [userId, user] of state.users) {
    if (user.offerId) assert.equal(state.offers.get(user.offerId)?.userId, userId);
    if (user.taskId) assert.equal(state.tasks.get(user.taskId)?.userId, userId);
    assert.ok(!(user.offerId && user.taskId), "a user never rings while connected");
  }
  for (const offer of state.offers.values()) {
    assert.equal(state.tasks.get(offer.taskId)?.offerId, offer.id);
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
        assert.equal(task.offerId, null, where);
        break;
      case "queued":
        assert.equal(task.wait, null, where);
        assert.equal(state.queues.get(task.serviceId)?.filter((id) => id === task.id).length, 1);
        assert.notEqual(task.queueDeadline, null, where);
        break;
      case "connected":
        assert.equal(task.wait, null, where);
        assert.ok(task.userId, where);
        assert.equal(state.users.get(task.userId)?.taskId, task.id, where);
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
