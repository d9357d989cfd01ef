/**
 * Distribution over real HTTP, on both stores: each policy set through the routing route,
 * broadcast, declines, preferred users, after-call work, responsibility, capacity and the
 * agent's and supervisor's views. Every test starts a fresh server with the demo tenant:
 * support (alice, bob, carol, grace), sales (dave, erin, frank), helpdesk (carol, bob).
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { describeEachStore } from "../support/databases.ts";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { ContactFloor, upnOf } from "./contact-floor.ts";

const support = "service-support";
const supportTeam = ["alice", "bob", "carol", "grace"];

describeEachStore("Distribution API", (kind) => {
  let server: TestServer;
  let floor: ContactFloor;
  beforeEach(async () => {
    server = await startTestServer(kind);
    floor = new ContactFloor(server);
  });
  afterEach(async () => {
    await server.close();
  });

  it("sets a service's routing, keeping what the body leaves out", async () => {
    const routing = await floor.routing(support, { policy: "Serial", afterCallWorkSeconds: 30 });
    assert.deepEqual(routing, {
      maxQueueSeconds: 300,
      ronaSeconds: 15,
      policy: "Serial",
      afterCallWorkSeconds: 30,
      preferredUserSeconds: 30,
    });
    const again = await floor.routing(support, { ronaSeconds: 20 });
    assert.equal(again.policy, "Serial");
    assert.equal(again.ronaSeconds, 20);
    const services = await server.api.request<{
      services: { id: string; routing: Record<string, unknown> }[];
    }>("GET", "/api/admin/services", floor.admin);
    const stored = services.body.services.find((s) => s.id === support)?.routing;
    assert.deepEqual(stored, {
      maxQueueSeconds: 300,
      ronaSeconds: 20,
      policy: "Serial",
      afterCallWorkSeconds: 30,
    });
  });

  it("names the field at fault when routing or responsibility cannot be set", async () => {
    const alice = await floor.token("alice");
    const cases: [string, string, string, unknown, number, string][] = [
      [
        floor.admin,
        "PUT",
        `/api/admin/services/${support}/routing`,
        { ronaSeconds: 4 },
        400,
        "ronaSeconds",
      ],
      [
        floor.admin,
        "PUT",
        `/api/admin/services/${support}/routing`,
        { ronaSeconds: 301 },
        400,
        "ronaSeconds",
      ],
      [
        floor.admin,
        "PUT",
        `/api/admin/services/${support}/routing`,
        { policy: "Random" },
        400,
        "policy",
      ],
      [
        floor.admin,
        "PUT",
        `/api/admin/services/${support}/routing`,
        { afterCallWorkSeconds: 3601 },
        400,
        "afterCallWorkSeconds",
      ],
      [
        floor.admin,
        "PUT",
        `/api/admin/services/${support}/routing`,
        { preferredUserSeconds: -1 },
        400,
        "preferredUserSeconds",
      ],
      [
        floor.admin,
        "PUT",
        `/api/admin/services/${support}/routing`,
        { members: [] },
        400,
        "members",
      ],
      [
        floor.admin,
        "PUT",
        `/api/admin/services/${support}/routing`,
        { maxQueueSeconds: "60" },
        400,
        "maxQueueSeconds",
      ],
      [
        floor.admin,
        "PUT",
        "/api/admin/services/service-nope/routing",
        { policy: "Serial" },
        404,
        "serviceId",
      ],
      [
        alice,
        "PUT",
        `/api/admin/services/${support}/routing`,
        { policy: "Serial" },
        403,
        "authorization",
      ],
      [
        alice,
        "PUT",
        "/api/agent/services/service-nope/responsibility",
        { active: false },
        404,
        "serviceId",
      ],
      [
        alice,
        "PUT",
        "/api/agent/services/service-helpdesk/responsibility",
        { active: false },
        422,
        "serviceId",
      ],
      [
        alice,
        "PUT",
        `/api/agent/services/${support}/responsibility`,
        { active: "no" },
        400,
        "active",
      ],
      [alice, "PUT", `/api/agent/services/${support}/responsibility`, {}, 400, "active"],
      [floor.admin, "GET", "/api/admin/supervisor/services", undefined, 200, ""],
      [alice, "GET", "/api/admin/supervisor/users", undefined, 403, "authorization"],
      [floor.admin, "GET", "/api/agent/state", undefined, 200, ""],
    ];
    for (const [token, method, path, body, status, field] of cases) {
      const response = await server.api.request<{ field?: string }>(
        method as "GET",
        path,
        token,
        body,
      );
      const label = `${method} ${path} ${JSON.stringify(body)}`;
      assert.equal(response.status, status, label);
      if (status < 400) continue;
      assert.match(response.contentType, /^application\/problem\+json/, label);
      assert.equal(response.body.field, field, label);
    }
    const gateway = await server.api.request<{ token: string }>(
      "POST",
      "/api/admin/tokens",
      floor.admin,
      { gateway: "pbx" },
    );
    const byGateway = await server.api.request<{ field: string }>(
      "GET",
      "/api/agent/state",
      gateway.body.token,
    );
    assert.equal(byGateway.status, 403);
    assert.equal(byGateway.body.field, "authorization");
    const bodies: unknown[] = [null, [], 42, "x", { active: null }, { policy: ["Serial"] }];
    const paths: [string, string][] = [
      [floor.admin, `/api/admin/services/${support}/routing`],
      [alice, `/api/agent/services/${support}/responsibility`],
    ];
    for (const [token, path] of paths) {
      for (const body of bodies) {
        const response = await server.api.request<{ field?: string }>("PUT", path, token, body);
        const label = `${path} ${JSON.stringify(body)}`;
        assert.ok(response.status >= 400 && response.status < 500, label);
        assert.equal(typeof response.body.field, "string", label);
      }
    }
  });

  it("offers the member idle longest under LongestIdle", async () => {
    await floor.routing(support, { policy: "LongestIdle" });
    await floor.presence("Available", "bob", "alice");
    const taskId = await floor.call();
    assert.deepEqual(await floor.ringingFor(taskId, supportTeam), ["bob"]);
  });

  it("offers the first free member under Serial", async () => {
    await floor.routing(support, { policy: "Serial" });
    await floor.presence("Available", "bob", "alice");
    const first = await floor.call();
    assert.deepEqual(await floor.ringingFor(first, supportTeam), ["alice"]);
    await floor.accept("alice");
    const second = await floor.call();
    assert.deepEqual(await floor.ringingFor(second, supportTeam), ["bob"]);
  });

  it("takes the members in turn under RoundRobin", async () => {
    await floor.routing(support, { policy: "RoundRobin" });
    // Carol idles longest: LongestIdle would start with her, Serial would stay with alice.
    await floor.presence("Available", "carol", "bob", "alice");
    const takers: string[] = [];
    for (let n = 0; n < 4; n++) {
      const taskId = await floor.call();
      const [name] = await floor.ringingFor(taskId, supportTeam);
      assert.ok(name, `call ${n + 1} rings for someone`);
      takers.push(name);
      await floor.accept(name);
      await floor.end(name, taskId);
    }
    assert.deepEqual(takers, ["alice", "bob", "carol", "alice"]);
  });

  it("rings every free member under Broadcast; the first to accept takes it", async () => {
    await floor.routing(support, { policy: "Broadcast" });
    await floor.presence("Available", "alice", "bob", "carol");
    const taskId = await floor.call();
    assert.deepEqual(await floor.ringingFor(taskId, supportTeam), ["alice", "bob", "carol"]);
    assert.equal((await floor.task(taskId)).offerIds.length, 3);
    assert.equal((await floor.offers("bob"))[0]?.broadcast, true);
    await floor.accept("bob");
    assert.deepEqual(await floor.ringingFor(taskId, supportTeam), []);
    const task = await floor.task(taskId);
    assert.equal(task.status, "connected");
    assert.deepEqual(task.offerIds, []);
    assert.equal((await floor.state("alice")).state, "Idle");
    assert.equal((await floor.state("bob")).state, "Connected");
  });

  it("does not offer a task again to those who declined it", async () => {
    await floor.routing(support, { policy: "Serial" });
    await floor.presence("Available", "alice", "bob");
    const taskId = await floor.call();
    assert.equal(await floor.decline("alice"), taskId);
    assert.deepEqual(await floor.ringingFor(taskId, supportTeam), ["bob"]);
    await floor.decline("bob");
    assert.deepEqual(await floor.ringingFor(taskId, supportTeam), []);
    const task = await floor.task(taskId);
    assert.equal(task.status, "queued", "it waits for someone who has not declined");
    // A newcomer is offered it.
    await floor.presence("Available", "carol");
    assert.deepEqual(await floor.ringingFor(taskId, supportTeam), ["carol"]);
  });

  it("offers a task to its preferred users first, best priority first", async () => {
    await floor.routing(support, { policy: "Serial" });
    await floor.presence("Available", "alice", "bob", "carol");
    const taskId = await floor.call();
    assert.deepEqual(await floor.ringingFor(taskId, supportTeam), ["alice"]);
    const update = await server.api.request("PUT", `/v1/tasks/${taskId}`, floor.admin, {
      preferredUsers: [
        { upn: upnOf("bob"), priority: 2 },
        { upn: upnOf("carol"), priority: 1 },
      ],
    });
    assert.equal(update.status, 200);
    // Serial would go to bob, and so would the order they were listed in.
    await floor.decline("alice");
    assert.deepEqual(await floor.ringingFor(taskId, supportTeam), ["carol"]);
  });

  it("waits for preferred users for the service's time, then follows the policy", async () => {
    await floor.routing(support, { policy: "Serial", preferredUserSeconds: 1 });
    await floor.presence("Available", "alice", "bob");
    const taskId = await floor.call();
    const update = await server.api.request("PUT", `/v1/tasks/${taskId}`, floor.admin, {
      preferredUsers: [{ upn: upnOf("carol"), priority: 1 }],
    });
    assert.equal(update.status, 200);
    await floor.decline("alice");
    assert.deepEqual(await floor.ringingFor(taskId, supportTeam), [], "carol is not available");
    const started = Date.now();
    assert.equal(await floor.ringing("bob", 5_000), taskId);
    const waited = Date.now() - started;
    assert.ok(waited > 300 && waited < 3_000, `bob was offered it after ${waited} ms`);
  });

  it("holds a user in after-call work for the service's time, or until they end it", async () => {
    await floor.routing(support, { afterCallWorkSeconds: 1 });
    await floor.presence("Available", "alice");
    const first = await floor.call();
    await floor.accept("alice");
    await floor.end("alice", first);
    const wrapping = await floor.state("alice");
    assert.equal(wrapping.state, "AfterCallWork");
    assert.ok(wrapping.afterCallWorkUntil, "until when");
    const second = await floor.call();
    assert.equal(await floor.ringing("alice"), undefined, "not offered while wrapping up");
    assert.equal(await floor.ringing("alice", 5_000), second, "offered once it is over");
    await floor.accept("alice");
    await floor.end("alice", second);
    const idle = await floor.stateUntil("alice", (s) => s.state === "Idle");
    assert.equal(idle.state, "Idle");
    assert.equal(idle.afterCallWorkUntil, null);

    await floor.routing(support, { afterCallWorkSeconds: 600 });
    const third = await floor.call();
    await floor.accept("alice");
    await floor.end("alice", third);
    assert.equal((await floor.state("alice")).state, "AfterCallWork");
    const ended = await server.api.request<{ state: string; afterCallWorkUntil: string | null }>(
      "POST",
      "/api/agent/after-call-work/end",
      await floor.token("alice"),
    );
    assert.equal(ended.status, 200);
    assert.equal(ended.body.state, "Idle");
    assert.equal(ended.body.afterCallWorkUntil, null);
  });

  it("offers nothing of a service a member switched off; its task waits for one back on", async () => {
    await floor.routing(support, { policy: "Serial" });
    await floor.presence("Available", "alice", "bob");
    const alice = await floor.token("alice");
    const off = await server.api.request(
      "PUT",
      `/api/agent/services/${support}/responsibility`,
      alice,
      { active: false },
    );
    assert.equal(off.status, 200);
    assert.deepEqual(off.body, { serviceId: support, responsible: false });
    const services = (await floor.state("alice")).services;
    assert.deepEqual(
      services.map((s) => [s.id, s.responsible]),
      [[support, false]],
    );
    const first = await floor.call();
    assert.deepEqual(await floor.ringingFor(first, supportTeam), ["bob"]);
    await floor.accept("bob");
    const second = await floor.call();
    assert.equal((await floor.task(second)).status, "queued", "bob is busy, but available");
    await server.api.request(
      "PUT",
      `/api/agent/services/${support}/responsibility`,
      await floor.token("bob"),
      {
        active: false,
      },
    );
    const waiting = await floor.task(second);
    assert.equal(waiting.status, "queued", "the last responsible member switched off: it waits");
    assert.deepEqual(await floor.eventTypes(second), [
      "WorkflowStarted",
      "SystemAccepted",
      "InQueue",
    ]);
    // On again: the waiting task reaches alice.
    await server.api.request("PUT", `/api/agent/services/${support}/responsibility`, alice, {
      active: true,
    });
    assert.deepEqual(await floor.ringingFor(second, supportTeam), ["alice"]);
  });

  it("gives a user up to three chats but only one call, and no chat beside a call", async () => {
    await floor.presence("Available", "alice");
    const chats: string[] = [];
    for (let n = 0; n < 3; n++) {
      chats.push(await floor.chat());
      assert.equal(await floor.accept("alice"), chats[n], `chat ${n + 1} reaches alice`);
    }
    const fourth = await floor.chat();
    assert.equal(await floor.ringing("alice"), undefined, "the fourth chat waits");
    const busy = await floor.state("alice");
    assert.equal(busy.state, "Connected");
    assert.deepEqual(
      busy.tasks.map((t) => [t.id, t.modality, t.serviceId]),
      chats.map((id) => [id, "InstantMessaging", support]),
    );
    const call = await floor.call();
    assert.equal(await floor.ringing("alice"), undefined, "no call beside chats");
    await floor.end("alice", chats[0] as string);
    assert.equal(await floor.ringing("alice"), fourth, "room for one more chat");

    await floor.presence("Available", "bob");
    assert.equal(await floor.ringing("bob"), call);
    await floor.accept("bob");
    await floor.chat();
    await floor.call();
    assert.equal(await floor.ringing("bob"), undefined, "a call takes the user whole");
  });

  it("offers the next waiting chat as soon as one is accepted", async () => {
    await floor.presence("Available", "alice");
    const first = await floor.chat();
    const second = await floor.chat();
    assert.equal(await floor.accept("alice"), first);
    assert.equal(await floor.ringing("alice"), second);
  });

  it("shows supervisors each queue and each user's state", async () => {
    await floor.routing(support, { policy: "Serial" });
    await floor.presence("Available", "alice", "bob");
    const calls = [await floor.call(), await floor.call(), await floor.call()];
    const chat = await floor.chat();
    await floor.accept("alice");
    await server.api.request("PUT", `/v1/tasks/${calls[2]}`, floor.admin, {
      preferredUsers: [{ upn: upnOf("carol"), priority: 1 }],
    });
    const response = await server.api.request<{
      services: {
        id: string;
        policy: string;
        longestWaitSeconds: number;
        waiting: {
          taskId: string;
          position: number;
          priority: string;
          waitingSeconds: number;
          modality: string;
          preferredUntil: string | null;
          offers: number;
        }[];
        agents: { members: number; responsible: number; byState: Record<string, number> };
      }[];
    }>("GET", "/api/admin/supervisor/services", floor.admin);
    assert.equal(response.status, 200);
    const view = response.body.services.find((s) => s.id === support);
    assert.ok(view);
    assert.equal(view.policy, "Serial");
    assert.deepEqual(
      view.waiting.map((t) => [t.taskId, t.position, t.priority, t.modality, t.offers]),
      [
        [calls[1], 1, "Normal", "Audio", 1],
        [calls[2], 2, "Normal", "Audio", 0],
        [chat, 3, "Normal", "InstantMessaging", 0],
      ],
    );
    const preferredUntil = Date.parse(view.waiting[1]?.preferredUntil ?? "");
    assert.ok(preferredUntil > Date.now(), "the preferred window is open");
    assert.equal(view.waiting[0]?.preferredUntil, null);
    assert.ok(view.waiting.every((t) => t.waitingSeconds >= 0 && t.waitingSeconds < 5));
    assert.equal(view.longestWaitSeconds, Math.max(...view.waiting.map((t) => t.waitingSeconds)));
    assert.deepEqual(view.agents, {
      members: 4,
      responsible: 4,
      byState: {
        Idle: 0,
        Offered: 1,
        Connected: 1,
        AfterCallWork: 0,
        NotReady: 0,
        Unavailable: 2,
      },
    });
    const sales = response.body.services.find((s) => s.id === "service-sales");
    assert.equal(sales?.policy, "RoundRobin");
    assert.equal(sales?.longestWaitSeconds, 0);
    assert.equal((await floor.task(chat)).queuePosition, 3);

    const users = await server.api.request<{
      users: {
        upn: string;
        presence: string;
        state: string;
        secondsInState: number | null;
        tasks: number;
        notReady: boolean;
        afterCallWorkUntil: string | null;
      }[];
    }>("GET", "/api/admin/supervisor/users", floor.admin);
    assert.equal(users.status, 200);
    const byUpn = new Map(users.body.users.map((u) => [u.upn, u]));
    assert.equal(users.body.users.length, 11);
    const alice = byUpn.get(upnOf("alice"));
    assert.equal(alice?.state, "Connected");
    assert.equal(alice?.tasks, 1);
    assert.ok(alice && alice.secondsInState !== null && alice.secondsInState < 5);
    assert.equal(byUpn.get(upnOf("bob"))?.state, "Offered");
    assert.deepEqual(byUpn.get(upnOf("carol")), {
      ...byUpn.get(upnOf("carol")),
      presence: "Offline",
      state: "Unavailable",
      secondsInState: null,
      tasks: 0,
      notReady: false,
      afterCallWorkUntil: null,
    });
  });
});

// Five real seconds (the least RONA time a route accepts): once, on the embedded store.
describe("RONA over HTTP on sqlite", () => {
  it("sets a user not ready who lets an offer ring, until they set a presence again", async () => {
    const server = await startTestServer();
    try {
      const floor = new ContactFloor(server);
      await floor.routing(support, { policy: "Serial", ronaSeconds: 5 });
      await floor.presence("Available", "alice", "bob");
      const taskId = await floor.call();
      assert.deepEqual(await floor.ringingFor(taskId, supportTeam), ["alice"]);
      assert.equal(await floor.ringing("bob", 8_000), taskId, "it goes on to bob");
      const alice = await floor.state("alice");
      assert.equal(alice.state, "NotReady");
      assert.equal(alice.notReady, true);
      assert.equal(alice.presence, "Available", "the presence itself stays");
      assert.equal(alice.offer, null);
      await floor.decline("bob");
      assert.equal(await floor.ringing("alice"), undefined, "not ready: nothing is offered");
      await floor.presence("Available", "alice");
      const ready = await floor.state("alice");
      assert.equal(ready.notReady, false);
      assert.equal(ready.state, "Idle", "the task she let ring is not offered to her again");
      const second = await floor.call();
      assert.equal(await floor.ringing("alice"), second);
    } finally {
      await server.close();
    }
  });
});
