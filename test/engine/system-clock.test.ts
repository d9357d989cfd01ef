import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { systemClock } from "../../src/engine/clock.ts";

describe("system clock", () => {
  // The clock's timers do not hold the process open; the test must.
  let keepAlive: NodeJS.Timeout;
  before(() => {
    keepAlive = setInterval(() => {}, 1000);
  });
  after(() => clearInterval(keepAlive));

  it("never calls back before now() has reached the due time", async () => {
    const early: number[] = [];
    const fired = Array.from({ length: 300 }, (_, i) => {
      const at = Date.now() + 1 + (i % 25);
      return new Promise<void>((resolve) => {
        systemClock.at(at, () => {
          if (systemClock.now() < at) early.push(at - systemClock.now());
          resolve();
        });
      });
    });
    await Promise.all(fired);
    assert.deepEqual(early, []);
  });

  it("does not call back once cancelled", async () => {
    let called = false;
    systemClock
      .at(Date.now() + 5, () => {
        called = true;
      })
      .cancel();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(called, false);
  });
});
