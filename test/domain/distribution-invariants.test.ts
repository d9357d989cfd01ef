/**
 * The invariants over long random runs in virtual time, by the distribution simulator
 * (sim/distribution-sim.ts; `npm run sim` runs it at a million offers). Each seed runs once;
 * each invariant is its own test, so a failure names the rule. The counts are checked first:
 * a run that offers little, or never rings a broadcast, proves nothing.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { runDistributionSim, type SimResult } from "../../sim/distribution-sim.ts";

const seeds = [1, 2, 3];
const offers = 60_000;

/** Each invariant and the kinds of violation (prefixes) the simulator reports for it. */
const invariants: readonly (readonly [string, readonly string[]])[] = [
  ["no user holds more tasks than capacity; a call takes a user whole", ["capacity"]],
  ["no task is connected to two users", ["task."]],
  ["each queue is in priority order, first in first out within a priority", ["queue."]],
  [
    "offers go in queue order to a member who may take the task, as the policy picks",
    ["offer.", "policy.", "accept."],
  ],
  [
    "an Available idle responsible member never stays idle while a task waits",
    ["idle.member", "noUsers."],
  ],
  ["a member with room left never stays without a waiting task they fit", ["idle.capacity"]],
  ["RONA at exactly expiresAt, never a millisecond before", ["rona.", "probe.early"]],
  ["preferred windows: only preferred users, best first, until preferredUntil", ["window."]],
  ["after-call work as configured, ending at exactly acwUntil", ["acw."]],
  ["agent states follow what the user does", ["agent."]],
  ["timers follow the events; none is left overdue", ["timers."]],
  ["every terminated task follows the event grammar", ["grammar"]],
  ["the log replayed, and a snapshot restored, equal the live state", ["replay", "snapshot"]],
];
const known = invariants.flatMap(([, kinds]) => kinds);

function violationsOf(result: SimResult, kinds: readonly string[] | null) {
  const matches = (kind: string, prefixes: readonly string[]) =>
    prefixes.some((prefix) => kind.startsWith(prefix));
  return result.violations
    .filter((v) => (kinds === null ? !matches(v.kind, known) : matches(v.kind, kinds)))
    .map((v) => `${v.kind} ×${v.count}: ${v.examples.join(" | ")}`);
}

for (const seed of seeds) {
  describe(`distribution over ${offers.toLocaleString("en")} simulated offers (seed ${seed})`, () => {
    let result: SimResult;
    before(() => {
      result = runDistributionSim({ seed, offers });
    });

    it("exercises every rule", () => {
      const c = result.counts;
      assert.ok(c.offers >= offers, `offers ${c.offers}`);
      for (const [name, value, least] of [
        ["longest-idle offers", c.longestIdleOffers, 2_000],
        ["round-robin offers", c.roundRobinOffers, 2_000],
        ["serial offers", c.serialOffers, 2_000],
        ["broadcast offers", c.broadcastOffers, 2_000],
        ["preferred offers", c.preferredOffers, 100],
        ["preferred windows", c.preferredWindows, 100],
        ["accepts", c.accepts, 10_000],
        ["declines", c.declines, 1_000],
        ["RONAs", c.ronas, 500],
        ["broadcast expiries", c.broadcastExpiries, 100],
        ["withdrawals", c.withdrawals, 1_000],
        ["tasks terminated", c.tasksTerminated, 10_000],
        ["queue timeouts", c.queueLeftTimeout, 100],
        ["noUsers exits", c.queueLeftNoUsers, 100],
        ["callers leaving the queue", c.queueLeftCallerLeft, 100],
        ["after-call work", c.afterCallWorks, 1_000],
        ["after-call work ended early", c.afterCallWorksEndedEarly, 100],
        ["presence changes", c.presenceChanges, 1_000],
        ["responsibility changes", c.responsibilityChanges, 100],
        ["refusals of non-members", c.refusals, 10],
        ["timers fired 1 ms early", c.earlyTimerProbes, 1_000],
      ] as const) {
        assert.ok(value >= least, `${name}: ${value} < ${least}`);
      }
    });

    for (const [name, kinds] of invariants) {
      it(name, () => assert.deepEqual(violationsOf(result, kinds), []));
    }

    it("nothing else is violated: no command refused, no crash", () => {
      assert.deepEqual(violationsOf(result, null), []);
    });
  });
}
