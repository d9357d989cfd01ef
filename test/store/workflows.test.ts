/**
 * The store port's workflow methods, run against every adapter: workflow versions and the
 * workflow each service runs behave the same on SQLite and PostgreSQL.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { Directory } from "../../src/domain/model.ts";
import type { Store } from "../../src/store/port.ts";
import type { WorkflowAssignment, WorkflowRecord } from "../../src/store/workflow-records.ts";
import { type OpenedStore, storeKinds } from "../support/databases.ts";

const baseTime = Date.UTC(2030, 0, 15, 9, 30);

function directory(tenantId: string): Directory {
  return {
    tenant: { id: tenantId, name: `Tenant ${tenantId}` },
    orgUnits: [{ id: "ou-root", tenantId, parentId: null, name: "Root" }],
    users: [],
    services: [],
  };
}

function workflow(id: string, version: number, fields: Partial<WorkflowRecord> = {}) {
  const record: WorkflowRecord = {
    tenantId: "t1",
    id,
    version,
    document: {
      id,
      version,
      name: `Workflow ${id} ✓ "é"`,
      start: "greet",
      steps: [
        { id: "greet", kind: "play", prompt: { text: "Hello", voice: null }, next: "route" },
        {
          id: "route",
          kind: "queue",
          targets: [{ skill: "sales", level: 3, weight: 0.5 }],
          timeoutSeconds: 2 ** 40,
          flags: [true, false, null],
          empty: {},
          none: [],
        },
      ],
    },
    createdAt: baseTime + version,
    ...fields,
  };
  return record;
}

function assignment(
  serviceId: string,
  modality: WorkflowAssignment["modality"],
  workflowId: string,
  tenantId = "t1",
): WorkflowAssignment {
  return { tenantId, serviceId, modality, workflowId };
}

async function keys(store: Store, tenantId = "t1"): Promise<string[]> {
  return (await store.listWorkflowVersions(tenantId)).map((w) => `${w.id}@${w.version}`);
}

const uniqueViolation = /unique|duplicate/i;

// Probed before any suite is declared, so an unreachable PostgreSQL under CI fails the file.
const kinds = await Promise.all(
  storeKinds.map(async (kind) => ({ kind, skip: await kind.skipReason() })),
);

for (const { kind, skip } of kinds) {
  describe(`store workflows: ${kind.name}`, { skip: skip ?? false }, () => {
    let opened: OpenedStore;
    let store: Store;

    beforeEach(async () => {
      opened = await kind.open();
      store = opened.store;
      await store.saveDirectory(directory("t1"));
      await store.saveDirectory(directory("t2"));
    });

    afterEach(() => opened.dispose());

    describe("versions", () => {
      it("round-trips nested documents and lists by id then version", async () => {
        assert.deepEqual(await store.listWorkflowVersions("t1"), []);
        const inserted = [
          workflow("wf-b", 2),
          workflow("wf-a", 10),
          workflow("wf-b", 1, { document: "just a string" }),
          workflow("wf-a", 2, { document: [1, [2, { three: 3 }]] }),
          workflow("wf-a", 1, { document: null }),
        ];
        for (const record of inserted) await store.insertWorkflowVersion(record);
        assert.deepEqual(await store.listWorkflowVersions("t1"), [
          inserted[4],
          inserted[3],
          inserted[1],
          inserted[2],
          inserted[0],
        ]);
        assert.deepEqual(await keys(store), ["wf-a@1", "wf-a@2", "wf-a@10", "wf-b@1", "wf-b@2"]);
      });

      it("keeps a document's keys in the order they were written", async () => {
        const document = { zeta: 1, alpha: { omega: true, beta: [3, 1] }, mid: "x" };
        await store.insertWorkflowVersion(workflow("ordered", 1, { document }));
        const [stored] = await store.listWorkflowVersions("t1");
        assert.equal(JSON.stringify(stored?.document), JSON.stringify(document));
      });

      it("rejects a second version with the same tenant, id and version", async () => {
        const first = workflow("wf-1", 1);
        await store.insertWorkflowVersion(first);
        await assert.rejects(
          store.insertWorkflowVersion(workflow("wf-1", 1, { document: { other: true } })),
          uniqueViolation,
        );
        assert.deepEqual(await store.listWorkflowVersions("t1"), [first]);
        // The same id and version in another tenant, or the next version, are fine.
        await store.insertWorkflowVersion(workflow("wf-1", 1, { tenantId: "t2" }));
        await store.insertWorkflowVersion(workflow("wf-1", 2));
        assert.deepEqual(await keys(store), ["wf-1@1", "wf-1@2"]);
        assert.deepEqual(await keys(store, "t2"), ["wf-1@1"]);
      });

      it("lists only the tenant's versions", async () => {
        await store.insertWorkflowVersion(workflow("wf-1", 1));
        await store.insertWorkflowVersion(workflow("wf-2", 1, { tenantId: "t2" }));
        await store.insertWorkflowVersion(workflow("wf-3", 1, { tenantId: "t2" }));
        assert.deepEqual(await keys(store, "t1"), ["wf-1@1"]);
        assert.deepEqual(await keys(store, "t2"), ["wf-2@1", "wf-3@1"]);
        assert.deepEqual(await keys(store, "t3"), []);
      });
    });

    describe("deleting", () => {
      beforeEach(async () => {
        for (const record of [
          workflow("wf-1", 1),
          workflow("wf-1", 2),
          workflow("wf-1", 3),
          workflow("wf-2", 1),
          workflow("wf-1", 1, { tenantId: "t2" }),
        ]) {
          await store.insertWorkflowVersion(record);
        }
        await store.assignWorkflow("t1", "sales@example.com", "Audio", "wf-1");
        await store.assignWorkflow("t1", "sales@example.com", "Email", "wf-2");
        await store.assignWorkflow("t1", "support@example.com", "InstantMessaging", "wf-1");
        await store.assignWorkflow("t2", "sales@example.com", "Audio", "wf-1");
      });

      it("removes every version and the assignments of that workflow only", async () => {
        assert.equal(await store.deleteWorkflow("t1", "wf-1"), true);
        assert.deepEqual(await keys(store), ["wf-2@1"]);
        assert.deepEqual(await store.listWorkflowAssignments("t1"), [
          assignment("sales@example.com", "Email", "wf-2"),
        ]);
        assert.deepEqual(await keys(store, "t2"), ["wf-1@1"], "other tenant's kept");
        assert.deepEqual(await store.listWorkflowAssignments("t2"), [
          assignment("sales@example.com", "Audio", "wf-1", "t2"),
        ]);
        assert.equal(await store.deleteWorkflow("t1", "wf-1"), false, "already gone");
      });

      it("returns false for an unknown workflow and changes nothing", async () => {
        const versions = await store.listWorkflowVersions("t1");
        const assignments = await store.listWorkflowAssignments("t1");
        assert.equal(await store.deleteWorkflow("t1", "wf-unknown"), false);
        assert.equal(await store.deleteWorkflow("t3", "wf-1"), false);
        assert.deepEqual(await store.listWorkflowVersions("t1"), versions);
        assert.deepEqual(await store.listWorkflowAssignments("t1"), assignments);
        assert.equal(versions.length, 4);
        assert.equal(assignments.length, 3);
      });
    });

    describe("assignments", () => {
      it("upserts, replaces and clears an assignment", async () => {
        assert.deepEqual(await store.listWorkflowAssignments("t1"), []);
        await store.assignWorkflow("t1", "sales@example.com", "Audio", "wf-1");
        await store.assignWorkflow("t1", "sales@example.com", "Email", "wf-1");
        assert.deepEqual(await store.listWorkflowAssignments("t1"), [
          assignment("sales@example.com", "Audio", "wf-1"),
          assignment("sales@example.com", "Email", "wf-1"),
        ]);

        await store.assignWorkflow("t1", "sales@example.com", "Audio", "wf-2");
        assert.deepEqual(await store.listWorkflowAssignments("t1"), [
          assignment("sales@example.com", "Audio", "wf-2"),
          assignment("sales@example.com", "Email", "wf-1"),
        ]);

        await store.assignWorkflow("t1", "sales@example.com", "Audio", null);
        assert.deepEqual(await store.listWorkflowAssignments("t1"), [
          assignment("sales@example.com", "Email", "wf-1"),
        ]);
        await store.assignWorkflow("t1", "sales@example.com", "Audio", null); // harmless again
        await store.assignWorkflow("t1", "nobody@example.com", "Email", null);
        assert.deepEqual(await store.listWorkflowAssignments("t1"), [
          assignment("sales@example.com", "Email", "wf-1"),
        ]);
      });

      it("lists by service then modality", async () => {
        await store.assignWorkflow("t1", "b@example.com", "InstantMessaging", "wf-1");
        await store.assignWorkflow("t1", "a@example.com", "Email", "wf-2");
        await store.assignWorkflow("t1", "b@example.com", "Audio", "wf-3");
        await store.assignWorkflow("t1", "a@example.com", "ExternalTask", "wf-4");
        assert.deepEqual(await store.listWorkflowAssignments("t1"), [
          assignment("a@example.com", "Email", "wf-2"),
          assignment("a@example.com", "ExternalTask", "wf-4"),
          assignment("b@example.com", "Audio", "wf-3"),
          assignment("b@example.com", "InstantMessaging", "wf-1"),
        ]);
      });

      it("keeps each tenant's assignments apart", async () => {
        await store.assignWorkflow("t1", "sales@example.com", "Audio", "wf-1");
        await store.assignWorkflow("t2", "sales@example.com", "Audio", "wf-9");
        await store.assignWorkflow("t2", "sales@example.com", "Email", "wf-9");
        assert.deepEqual(await store.listWorkflowAssignments("t1"), [
          assignment("sales@example.com", "Audio", "wf-1"),
        ]);
        assert.deepEqual(await store.listWorkflowAssignments("t2"), [
          assignment("sales@example.com", "Audio", "wf-9", "t2"),
          assignment("sales@example.com", "Email", "wf-9", "t2"),
        ]);
        await store.assignWorkflow("t2", "sales@example.com", "Audio", null);
        assert.deepEqual(await store.listWorkflowAssignments("t1"), [
          assignment("sales@example.com", "Audio", "wf-1"),
        ]);
        assert.deepEqual(await store.listWorkflowAssignments("t3"), []);
      });
    });

    it("keeps versions and assignments across closing and reopening", async () => {
      const record = workflow("wf-1", 1);
      await store.insertWorkflowVersion(record);
      await store.assignWorkflow("t1", "sales@example.com", "Audio", "wf-1");
      await store.close();

      const again = await opened.reopen();
      assert.deepEqual(await again.listWorkflowVersions("t1"), [record]);
      assert.deepEqual(await again.listWorkflowAssignments("t1"), [
        assignment("sales@example.com", "Audio", "wf-1"),
      ]);
    });
  });
}
