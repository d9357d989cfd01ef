import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import { checkDirectory } from "../../src/domain/directoryRules.ts";
import { DomainError } from "../../src/domain/errors.ts";
import type { Directory, User } from "../../src/domain/model.ts";

function faultOf(change: (d: Directory) => Directory): string | undefined {
  try {
    checkDirectory(change(demoDirectory()));
    return undefined;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error.field;
  }
}

describe("directory rules", () => {
  it("accepts the demo directory", () => {
    assert.equal(
      faultOf((d) => d),
      undefined,
    );
  });

  it("names the first fault", () => {
    const cases: [string, (d: Directory) => Directory][] = [
      [
        "users[1].tenantId",
        (d) => ({ ...d, users: d.users.map((u, i) => (i === 1 ? { ...u, tenantId: "x" } : u)) }),
      ],
      [
        "users.upn",
        (d) => ({
          ...d,
          users: d.users.map((u, i) => (i === 2 ? { ...u, upn: "ALICE@demo.cirrus.test" } : u)),
        }),
      ],
      [
        "services.upn",
        (d) => ({
          ...d,
          services: d.services.map((s, i) => (i === 0 ? { ...s, upn: "bob@demo.cirrus.test" } : s)),
        }),
      ],
      [
        "services.telNumber",
        (d) => ({
          ...d,
          services: d.services.map((s, i) =>
            i === 1 ? { ...s, telNumber: "+41 44 500 10 00" } : s,
          ),
        }),
      ],
      [
        "orgUnits",
        (d) => ({
          ...d,
          orgUnits: d.orgUnits.map((ou) => ({ ...ou, parentId: ou.parentId ?? "ou-sales" })),
        }),
      ],
      [
        "orgUnits[1].parentId",
        (d) => ({
          ...d,
          orgUnits: d.orgUnits.map((ou, i) =>
            i === 1 ? { ...ou, parentId: "ou-support-l2" } : ou,
          ),
        }),
      ],
      [
        "orgUnits[3].parentId",
        (d) => ({
          ...d,
          orgUnits: d.orgUnits.map((ou, i) => (i === 3 ? { ...ou, parentId: "nowhere" } : ou)),
        }),
      ],
      [
        "users[0].orgUnitId",
        (d) => ({
          ...d,
          users: d.users.map((u, i) => (i === 0 ? { ...u, orgUnitId: "nowhere" } : u)),
        }),
      ],
      [
        "services[2].members[1]",
        (d) => ({
          ...d,
          services: d.services.map((s, i) =>
            i === 2 ? { ...s, members: ["user-carol", "user-ghost"] } : s,
          ),
        }),
      ],
    ];
    for (const [field, change] of cases) assert.equal(faultOf(change), field);
  });

  it("keeps roles sound: granted at units that exist, once, Partner Admin for partners only", () => {
    const withUser = (id: string, change: (u: User) => User) => (d: Directory) => ({
      ...d,
      users: d.users.map((u) => (u.id === id ? change(u) : u)),
    });
    const at = (id: string) => demoDirectory().users.findIndex((u) => u.id === id);
    const cases: [string, (d: Directory) => Directory][] = [
      [
        `users[${at("user-alice")}].roleAssignments[0].orgUnitId`,
        withUser("user-alice", (u) => ({
          ...u,
          roleAssignments: [{ role: "Supervisor", orgUnitId: "nowhere" }],
        })),
      ],
      [
        `users[${at("user-oscar")}].roleAssignments`,
        withUser("user-oscar", (u) => ({
          ...u,
          roleAssignments: [{ role: "OuAdmin", orgUnitId: "ou-support" }],
        })),
      ],
      [
        `users[${at("user-paula")}].roleAssignments[0].role`,
        withUser("user-paula", (u) => ({
          ...u,
          roleAssignments: [{ role: "TenantAdmin", orgUnitId: "ou-root" }],
        })),
      ],
      [
        `users[${at("user-alice")}].role`,
        withUser("user-alice", (u) => ({ ...u, role: "PartnerAdmin" })),
      ],
      [
        `users[${at("user-paula")}].homeTenant`,
        withUser("user-paula", (u) => ({ ...u, homeTenant: "demo" })),
      ],
    ];
    for (const [field, change] of cases) assert.equal(faultOf(change), field);
  });
});
