/**
 * A seeded random walk over every command, checking the invariants after each step and the
 * event grammar of every terminated task; then the log replayed into a fresh state, and the
 * state through a snapshot, must both equal the live state.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import { indexDirectory } from "../../src/domain/directoryIndex.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { followsGrammar } from "../../src/domain/eventGrammar.ts";
import { presenceStatuses } from "../../src/domain/events.ts";
import { restoreState, snapshotOf } from "../../src/domain/snapshot.ts";
import { emptyState, evolve, type TenantState } from "../../src/domain/state.ts";
import { pendingTimers } from "../../src/domain/timers.ts";
import { DomainHarness } from "../support/domain-harness.ts";
import { checkInvariants } from "../support/invariants.ts";
import { seededRandom } from "../support/seeded-random.ts";

const comparable = (state: TenantState) => JSON.parse(JSON.stringify(snapshotOf(state)));

describe("random walk over the domain", () => {
  for (const seed of [1, 7, 42, 2026]) {
    it(`keeps every invariant (seed ${seed})`, () => {
      const directory = demoDirectory();
      const h = new DomainHarness(directory);
      const next = seededRandom(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
      const userIds = directory.users.map((u) => u.id);
      const addresses = directory.services.map((s) => s.upn);
      const refused: string[] = [];
      for (let step = 0; step < 2000; step++) {
        const roll = next();
        try {
          if (roll < 0.25) h.call(pick(addresses));
          else if (roll < 0.4) {
            h.run({ kind: "SetPresence", userId: pick(userIds), status: pick(presenceStatuses) });
          } else if (roll < 0.55) {
            const offer = pick([...h.state.offers.values()]);
            if (offer) {
              const kind = next() < 0.8 ? "AcceptOffer" : "DeclineOffer";
              h.run({ kind, userId: offer.userId, offerId: offer.id });
            }
          } else if (roll < 0.7) {
            const task = pick([...h.state.tasks.values()].filter((t) => t.status === "connected"));
            if (task?.userId) h.run({ kind: "EndTask", userId: task.userId, taskId: task.id });
          } else if (roll < 0.75) {
            const task = pick([...h.state.tasks.values()]);
            if (task) h.run({ kind: "Hangup", taskId: task.id });
          } else if (roll < 0.8) {
            const task = pick([...h.state.tasks.values()]);
            const name = pick(["Reason", "Account", "Language"]);
            if (task) h.run({ kind: "SetParameter", taskId: task.id, name, value: `${step}` });
          } else {
            h.now += Math.floor(next() * 60_000);
            for (const timer of pendingTimers(h.state).filter((t) => t.at <= h.now)) {
              h.run({ kind: "FireTimer", timer: timer.ref });
            }
          }
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          refused.push(error.message);
        }
        checkInvariants(h.state);
      }
      const taskIds = new Set<string>();
      for (const event of h.log) {
        if (event.taskId) taskIds.add(event.taskId);
      }
      let terminated = 0;
      for (const taskId of taskIds) {
        const types = h.taskEvents(taskId);
        if (types.at(-1) !== "Terminated") continue;
        terminated++;
        assert.ok(followsGrammar(types), `task ${taskId}: ${types.join(" ")}`);
        assert.equal(types.filter((t) => t === "Terminated").length, 1);
      }
      assert.ok(terminated > 100, `the walk ends tasks (${terminated})`);
      // Every command the walk picks is valid for the state it picks it from.
      assert.deepEqual(refused, []);

      const replayed = emptyState(directory.tenant.id, indexDirectory(directory));
      for (const event of h.log) evolve(replayed, event);
      assert.deepEqual(comparable(replayed), comparable(h.state));
      const restored = restoreState(
        directory.tenant.id,
        indexDirectory(directory),
        h.state.workflows,
        JSON.parse(JSON.stringify(snapshotOf(h.state))),
      );
      assert.deepEqual(comparable(restored), comparable(h.state));
    });
  }
});
