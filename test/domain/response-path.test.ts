/**
 * Response paths: keys, indexes, how values become text, malformed paths and prototype keys.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { valueAtPath } from "../../src/domain/workflow/responsePath.ts";

const document: unknown = JSON.parse(
  JSON.stringify({
    tier: "gold",
    score: 42,
    vip: false,
    nothing: null,
    customer: { name: "Ada", address: { city: "Zürich" } },
    items: [{ id: "a1" }, { id: "b2", tags: ["x", "y"] }],
    a: { b: [0, 1, [10, 11]] },
    "with space": "ok",
  }),
);

describe("valueAtPath", () => {
  it("follows keys and indexes", () => {
    assert.equal(valueAtPath(document, "tier"), "gold");
    assert.equal(valueAtPath(document, "customer.name"), "Ada");
    assert.equal(valueAtPath(document, "customer.address.city"), "Zürich");
    assert.equal(valueAtPath(document, "items[0].id"), "a1");
    assert.equal(valueAtPath(document, "items[1].tags[1]"), "y");
    assert.equal(valueAtPath(document, "a.b[2][1]"), "11");
    assert.equal(valueAtPath(document, "with space"), "ok");
    assert.equal(valueAtPath(["first", "second"], "[1]"), "second");
  });

  it("turns values into text", () => {
    assert.equal(valueAtPath(document, "score"), "42");
    assert.equal(valueAtPath(document, "vip"), "false");
    assert.equal(valueAtPath(document, "nothing"), undefined);
    assert.equal(valueAtPath(document, "customer.address"), '{"city":"Zürich"}');
    assert.equal(valueAtPath(document, "items[1].tags"), '["x","y"]');
    assert.equal(valueAtPath("plain", "length"), undefined);
  });

  it("answers undefined for a missing step", () => {
    for (const path of [
      "missing",
      "customer.age",
      "items[2].id",
      "items[0].id.deeper",
      "tier.length",
      "items.length",
      "items.0",
      "customer[0]",
      "nothing.x",
    ]) {
      assert.equal(valueAtPath(document, path), undefined, path);
    }
    assert.equal(valueAtPath(undefined, "a"), undefined);
    assert.equal(valueAtPath(null, "a"), undefined);
    assert.equal(valueAtPath(7, "[0]"), undefined);
  });

  it("answers undefined for a malformed path", () => {
    for (const path of [
      "",
      ".",
      ".tier",
      "tier.",
      "customer..name",
      "items[",
      "items[0",
      "items[x]",
      "items[-1]",
      "items[]",
      "items]0[",
      "items.[0]",
      "items[0]id",
      "items[99999999999999999999]",
    ]) {
      assert.equal(valueAtPath(document, path), undefined, JSON.stringify(path));
    }
  });

  it("follows only own properties", () => {
    for (const path of [
      "__proto__",
      "constructor",
      "constructor.name",
      "toString",
      "customer.hasOwnProperty",
      "items.map",
    ]) {
      assert.equal(valueAtPath(document, path), undefined, path);
    }
    const own: unknown = JSON.parse('{"__proto__": {"x": "mine"}}');
    assert.equal(valueAtPath(own, "__proto__.x"), "mine");
  });

  it("never throws on odd documents", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(valueAtPath(cyclic, "self"), undefined);
    const throwing = {
      get boom(): string {
        throw new Error("boom");
      },
    };
    assert.equal(valueAtPath(throwing, "boom"), undefined);
    assert.equal(valueAtPath({ big: 10n }, "big"), "10");
    assert.equal(valueAtPath({ nested: { big: 10n } }, "nested"), undefined);
  });
});
