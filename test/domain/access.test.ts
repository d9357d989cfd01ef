/**
 * Reach with several roles at several units: for each operation only the roles that may
 * execute it count, each reaching its unit and below (Tenant Admin the whole tenant, team
 * owners the services they own). Built on the demo directory with grants added per case.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import {
  canSeeEventOf,
  grantsFor,
  mayOwnFlow,
  reachesService,
  reachesUnit,
  unitsOverseen,
} from "../../src/domain/access.ts";
import { indexDirectory } from "../../src/domain/directoryIndex.ts";
import { checkDirectory } from "../../src/domain/directoryRules.ts";
import type { RoleAssignment, User } from "../../src/domain/model.ts";

/** The demo directory with `user-frank` (Team Owner of sales at ou-sales) granted more. */
function withFrank(roleAssignments: readonly RoleAssignment[]) {
  const directory = demoDirectory();
  const users = directory.users.map((u) => (u.id === "user-frank" ? { ...u, roleAssignments } : u));
  const changed = { ...directory, users };
  checkDirectory(changed);
  const index = indexDirectory(changed);
  const user = (id: string): User => {
    const found = index.usersById.get(id);
    assert.ok(found, id);
    return found;
  };
  const service = (id: string) => {
    const found = index.servicesById.get(id);
    assert.ok(found, id);
    return found;
  };
  return { index, user, service };
}

describe("reach over role assignments", () => {
  it("lets each operation count only the roles that may execute it", () => {
    const { index, user, service } = withFrank([{ role: "OuAdmin", orgUnitId: "ou-support" }]);
    const frank = user("user-frank");
    assert.deepEqual(
      grantsFor(frank, "AddContact").map((g) => g.role),
      ["OuAdmin"],
    );
    assert.deepEqual(
      grantsFor(frank, "UpdateTask").map((g) => g.role),
      ["TeamOwner"],
    );
    // As Team Owner he updates tasks of the service he owns, not of support …
    assert.equal(reachesService(index, frank, "UpdateTask", service("service-sales")), true);
    assert.equal(reachesService(index, frank, "UpdateTask", service("service-support")), false);
    // … and as OU Admin of support he keeps its address books, below included, not sales'.
    assert.equal(reachesUnit(index, frank, "AddContact", "ou-support-l2"), true);
    assert.equal(reachesUnit(index, frank, "AddContact", "ou-sales"), false);
    assert.equal(reachesUnit(index, frank, "AddContact", "ou-root"), false, "not up the tree");
  });

  it("reads up the path from each unit a role is granted at", () => {
    const { index, user } = withFrank([{ role: "OuAdmin", orgUnitId: "ou-support-l2" }]);
    const frank = user("user-frank");
    assert.equal(reachesUnit(index, frank, "GetContacts", "ou-support-l2"), true);
    assert.equal(reachesUnit(index, frank, "GetContacts", "ou-support"), false);
  });

  it("gives a Tenant Admin the whole tenant wherever the role is granted", () => {
    const { index, user, service } = withFrank([{ role: "TenantAdmin", orgUnitId: "ou-sales" }]);
    const frank = user("user-frank");
    assert.equal(reachesService(index, frank, "UpdateTask", service("service-support")), true);
    assert.equal(reachesUnit(index, frank, "ClearContacts", "ou-root"), true);
    assert.equal(unitsOverseen(index, frank, ["TenantAdmin", "Supervisor"]), "all");
  });

  it("gives partner, supervisor and user accounts no connector reach", () => {
    const { index, user, service } = withFrank([]);
    for (const id of ["user-paula", "user-grace", "user-alice"]) {
      assert.equal(reachesService(index, user(id), "GetServices", service("service-sales")), false);
      assert.equal(reachesUnit(index, user(id), "GetAddressBooks", "ou-root"), false, id);
    }
  });

  it("oversees the units of each supervising role for the supervisor views", () => {
    const { index, user } = withFrank([]);
    const oscar = user("user-oscar"); // OU Admin of support, Supervisor of sales
    const overseen = unitsOverseen(index, oscar, ["Supervisor", "OuAdmin"]);
    assert.ok(typeof overseen === "function");
    assert.deepEqual(
      ["ou-root", "ou-support", "ou-support-l2", "ou-sales"].map((unit) => overseen(unit)),
      [false, true, true, true],
    );
    assert.equal(unitsOverseen(index, user("user-alice"), ["Supervisor", "OuAdmin"]), undefined);
  });

  it("delivers a task event to the owner of a flow only for the services they reach with it", () => {
    const { index, user } = withFrank([{ role: "OuAdmin", orgUnitId: "ou-support" }]);
    const frank = user("user-frank");
    const op = "RegisterTaskWebHook";
    assert.equal(canSeeEventOf(index, frank, op, { serviceId: "service-sales" }), true);
    assert.equal(canSeeEventOf(index, frank, op, { serviceId: "service-support" }), false);
    assert.equal(canSeeEventOf(index, frank, op, {}), false, "an event of no service");
    assert.equal(mayOwnFlow(index, frank, op, ["sales@demo.cirrus.test"]), true);
    assert.equal(
      mayOwnFlow(index, frank, op, ["sales@demo.cirrus.test", "support@demo.cirrus.test"]),
      false,
      "every service of the flow must be reachable",
    );
  });
});
