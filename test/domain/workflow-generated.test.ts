/**
 * Seeded random workflows: valid ones must pass with no error, and each with one mutation
 * (a dropped required exit, an exit to a missing node, an unknown activity) must fail naming
 * the node and field the mutation broke. A failing seed is printed so it can be replayed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateWorkflow } from "../../src/domain/workflow/validate.ts";
import { seededRandom } from "../support/seeded-random.ts";
import { mutate, mutations, randomWorkflow } from "../support/workflow-generator.ts";

const runs = 300;

describe("random workflows", () => {
  it(`validates ${runs} random valid workflows with no error`, () => {
    let loops = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const random = seededRandom(seed);
      const doc = randomWorkflow(random, 1 + Math.floor(random() * 25));
      const { workflow, problems } = validateWorkflow(doc);
      const errors = problems.filter((problem) => problem.severity === "error");
      assert.deepEqual(errors, [], `seed ${seed}: ${JSON.stringify(doc)}`);
      assert.equal(workflow, doc, `seed ${seed}`);
      for (const problem of problems)
        assert.match(problem.message, /may be read before it is set|only right after Start/);
      if (hasBackEdge(doc.nodes)) loops++;
    }
    assert.ok(loops > runs / 10, `only ${loops} workflows had a loop`);
  });

  it("rejects each random workflow after one random mutation", () => {
    for (let seed = 1; seed <= runs; seed++) {
      const random = seededRandom(seed);
      const doc = randomWorkflow(random, 1 + Math.floor(random() * 25));
      const mutation = mutations[seed % mutations.length] ?? "danglingExit";
      const broken = mutate(doc, mutation, random);
      const { workflow, problems } = validateWorkflow(doc);
      const errors = problems.filter((problem) => problem.severity === "error");
      const where = `seed ${seed} ${mutation}: ${JSON.stringify(errors)}`;
      assert.equal(workflow, undefined, where);
      assert.ok(
        errors.some((e) => e.node === broken.node && e.field === broken.field),
        where,
      );
    }
  });

  it("never throws when random values replace parts of a workflow", () => {
    const junk = [null, 0, -1, 1.5, "", "{{", [], [null], {}, { a: null }, true];
    for (let seed = 1; seed <= runs; seed++) {
      const random = seededRandom(seed);
      const doc = randomWorkflow(random, 1 + Math.floor(random() * 10));
      for (let k = 0; k < 3; k++) replaceSomewhere(doc, random, junk);
      assert.doesNotThrow(() => validateWorkflow(doc), `seed ${seed}`);
    }
  });
});

/** Replaces one value, found by a random walk from the root, with a random junk value. */
function replaceSomewhere(doc: object, random: () => number, junk: readonly unknown[]): void {
  let at = doc as Record<string, unknown>;
  for (;;) {
    const keys = Object.keys(at);
    const key = keys[Math.floor(random() * keys.length)];
    if (key === undefined) return;
    const value = at[key];
    if (random() < 0.3 || typeof value !== "object" || value === null) {
      at[key] = junk[Math.floor(random() * junk.length)];
      return;
    }
    at = value as Record<string, unknown>;
  }
}

/** Whether some exit goes to a node listed no later than its own (the generator's loops). */
function hasBackEdge(nodes: Record<string, { exits?: Record<string, string> }>): boolean {
  const order = Object.keys(nodes);
  return order.some((id, i) =>
    Object.values(nodes[id]?.exits ?? {}).some((to) => order.indexOf(to) <= i),
  );
}
