/**
 * Scheduler entries and external tasks over real HTTP: every operation's success and error
 * answers, the entry's trigger delivering `Scheduled DueDateReached Scheduled DueDateReached
 * Handled` when the second of three attempts reaches the destination (the gateway reports
 * each outcome through the ingress API), and scope: a team owner reaches only the services
 * they own.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { ReferenceClient } from "../support/reference-client.ts";
import { type Receiver, startReceiver } from "../support/webhook-receiver.ts";

interface Problem {
  field?: string;
  detail?: string;
}
interface EntryView extends Problem {
  schedulerEntryId: string;
  event: string;
  serviceUpn: string;
  dueDateTimeUtc: string;
  maxAttempts: number;
  attemptTimeoutInSeconds: number;
  maxQueueTimeInSeconds: number;
  ronaTimeoutInSeconds: number;
  distributionPriority: string;
  destination: string;
  completionReason?: string;
}

describe("scheduler entries and external tasks over HTTP", () => {
  let server: TestServer;
  let checked: ReferenceClient | undefined;
  /** Every connector call, held to the certified connector's definition. */
  const connector = () => {
    checked ??= new ReferenceClient(server.api);
    return checked;
  };
  let receiver: Receiver;
  let frank: string;
  let tina: string;
  let alice: string;
  before(async () => {
    server = await startTestServer(undefined, { schedulerRetrySeconds: 1 });
    receiver = await startReceiver();
    frank = await server.tokenFor("frank"); // Team Owner of sales
    tina = await server.tokenFor("tina"); // Team Owner Limited of sales
    alice = await server.tokenFor("alice"); // member of support
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  const api = <T>(
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    body?: unknown,
    token?: string,
  ) => connector().request<T>(method, path, token ?? server.adminToken, body);
  const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

  it("lists the services and priorities an entry or external task may use", async () => {
    const services = await api<string[]>("GET", "/v1/scheduler-entries/service-contacts");
    assert.deepEqual(services.body, ["support@demo.cirrus.test", "sales@demo.cirrus.test"]);
    const own = await api<string[]>(
      "GET",
      "/v1/scheduler-entries/service-contacts",
      undefined,
      tina,
    );
    assert.deepEqual(own.body, ["sales@demo.cirrus.test"], "the services tina owns");
    const priorities = await api<{ name: string; value: string }[]>(
      "GET",
      "/v1/scheduler-entries/distribution-priorities",
    );
    assert.deepEqual(
      priorities.body.map((p) => p.value),
      ["Low", "Normal", "High", "Urgent"],
    );
    const external = await api<string[]>("GET", "/v1/ExternalTasks/service-contacts");
    assert.deepEqual(external.body, ["sales@demo.cirrus.test"], "only sales takes external tasks");
    const externalPriorities = await api<unknown[]>(
      "GET",
      "/v1/ExternalTasks/distribution-priorities",
    );
    assert.deepEqual(externalPriorities.body, priorities.body);
  });

  it("creates an entry with the reference's defaults, lists, changes and removes it", async () => {
    const created = await api<EntryView>(
      "POST",
      "/v1/scheduler-entries",
      {
        serviceUpn: "sales@demo.cirrus.test",
        destination: "+41791234567",
        dueDateTimeUtc: inAnHour(),
      },
      tina,
    );
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.event, "Scheduled");
    assert.deepEqual(
      [
        created.body.maxAttempts,
        created.body.attemptTimeoutInSeconds,
        created.body.maxQueueTimeInSeconds,
        created.body.ronaTimeoutInSeconds,
        created.body.distributionPriority,
      ],
      [1, 3600, 300, 20, "Normal"],
    );
    const id = created.body.schedulerEntryId;
    const listed = await api<EntryView[]>(
      "GET",
      "/v1/scheduler-entries?serviceUpn=sales@demo.cirrus.test",
      undefined,
      frank,
    );
    assert.deepEqual(
      listed.body.map((e) => e.schedulerEntryId),
      [id],
    );
    const later = new Date(Date.now() + 7_200_000).toISOString();
    const changed = await api<EntryView>(
      "PUT",
      `/v1/scheduler-entries/${id}`,
      {
        serviceUpn: "sales@demo.cirrus.test",
        destination: "+41791234568",
        dueDateTimeUtc: later,
        maxAttempts: 4,
      },
      frank,
    );
    assert.equal(changed.status, 200);
    assert.equal(changed.body.destination, "+41791234568");
    assert.equal(changed.body.maxAttempts, 4);
    assert.equal(changed.body.dueDateTimeUtc, later);

    // tina may schedule, not change or remove (the matrix), and alice nothing.
    const tinaChanges = await api<Problem>(
      "PUT",
      `/v1/scheduler-entries/${id}`,
      {
        serviceUpn: "sales@demo.cirrus.test",
        destination: "+41791234568",
        dueDateTimeUtc: later,
      },
      tina,
    );
    assert.equal(tinaChanges.status, 403);
    const aliceLists = await api<Problem>(
      "GET",
      "/v1/scheduler-entries?serviceUpn=sales@demo.cirrus.test",
      undefined,
      alice,
    );
    assert.equal(aliceLists.status, 403);
    assert.equal(aliceLists.body.field, "authorization");

    const removed = await api("DELETE", `/v1/scheduler-entries/${id}`, undefined, frank);
    assert.equal(removed.status, 200);
    const again = await api<Problem>("DELETE", `/v1/scheduler-entries/${id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.field, "SchedulerEntryID");
  });

  it("takes items that carry only a name, as the reference requires only the name", async () => {
    const created = await api<EntryView & { customCallContextParameters: unknown }>(
      "POST",
      "/v1/scheduler-entries",
      {
        serviceUpn: "sales@demo.cirrus.test",
        destination: "+41791234567",
        dueDateTimeUtc: inAnHour(),
        customCallContextParameters: [{ name: "flag" }],
        customer: { telNumbers: [{ name: "office" }], customFields: [{ name: "vip" }] },
      },
      tina,
    );
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual(created.body.customCallContextParameters, [{ name: "flag", value: "" }]);
    const removed = await api("DELETE", `/v1/scheduler-entries/${created.body.schedulerEntryId}`);
    assert.equal(removed.status, 200);
    const added = await api<{ id: string }>("POST", "/v1/ExternalTasks", {
      serviceUpn: "sales@demo.cirrus.test",
      customContextParameters: [{ name: "flag" }],
      customer: { telNumbers: [{ name: "office" }], customFields: [{ name: "vip" }] },
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    await api("DELETE", `/v1/ExternalTasks/${added.body.id}`);
  });

  it("refuses bad entries, naming the field", async () => {
    const base = {
      serviceUpn: "sales@demo.cirrus.test",
      destination: "+41791234567",
      dueDateTimeUtc: inAnHour(),
    };
    const cases: [unknown, number, string, string?][] = [
      [{ ...base, maxAttempts: 11 }, 400, "maxAttempts"],
      [{ ...base, attemptTimeoutInSeconds: 29 }, 400, "attemptTimeoutInSeconds"],
      [{ ...base, maxQueueTimeInSeconds: 3601 }, 400, "maxQueueTimeInSeconds"],
      [{ ...base, ronaTimeoutInSeconds: 31 }, 400, "ronaTimeoutInSeconds"],
      [{ ...base, distributionPriority: "Whenever" }, 400, "distributionPriority"],
      [{ ...base, dueDateTimeUtc: "tomorrow" }, 400, "dueDateTimeUtc"],
      [{ ...base, dueDateTimeUtc: "2031-01-01T00:00:00Z" }, 400, "dueDateTimeUtc"],
      [{ ...base, destination: "call me" }, 400, "destination"],
      [{ ...base, serviceUpn: "ghost@demo.cirrus.test" }, 403, "serviceUpn"],
      [{ ...base, serviceUpn: "helpdesk@demo.cirrus.test" }, 403, "serviceUpn", "licensed"],
      [{ ...base, extra: 1 }, 400, "extra"],
      [{ serviceUpn: base.serviceUpn, destination: base.destination }, 400, "dueDateTimeUtc"],
    ];
    for (const [body, status, field, detail] of cases) {
      const response = await api<Problem>("POST", "/v1/scheduler-entries", body);
      assert.equal(response.status, status, JSON.stringify(body));
      assert.equal(response.body.field, field, JSON.stringify(response.body));
      if (detail) assert.match(response.body.detail ?? "", new RegExp(detail));
    }
    const outside = await api<Problem>(
      "POST",
      "/v1/scheduler-entries",
      {
        ...base,
        serviceUpn: "support@demo.cirrus.test",
      },
      frank,
    );
    assert.equal(outside.status, 403, "support is not frank's: it looks like an unknown one");
    assert.equal(outside.body.field, "serviceUpn");
    const listed = await api<Problem>(
      "GET",
      "/v1/scheduler-entries?serviceUpn=support@demo.cirrus.test",
      undefined,
      frank,
    );
    const unknown = await api<Problem>(
      "GET",
      "/v1/scheduler-entries?serviceUpn=ghost@demo.cirrus.test",
      undefined,
      frank,
    );
    assert.deepEqual([listed.status, unknown.status], [403, 403]);
    assert.equal(listed.body.field, "serviceUpn");
  });

  it("walks three attempts to Handled, delivering the entry's events, and refuses a change in progress", async () => {
    const trigger = await api<{ id: string }>("POST", "/v1/triggers/scheduler-entries", {
      config: {
        url: receiver.url,
        services: ["support@demo.cirrus.test"],
        schedulerEntryEvents: ["Scheduled", "DueDateReached", "Handled", "LimitReached"],
      },
    });
    assert.equal(trigger.status, 201);
    const bob = await server.tokenFor("bob");
    await api("PUT", "/api/agent/presence", { status: "Available" }, bob);
    const created = await api<EntryView>("POST", "/v1/scheduler-entries", {
      serviceUpn: "support@demo.cirrus.test",
      destination: "+41797654321",
      dueDateTimeUtc: new Date().toISOString(),
      maxAttempts: 3,
      ReferenceId: "crm-7",
    });
    assert.equal(created.status, 200);
    const id = created.body.schedulerEntryId;

    /** Bob takes the attempt's call and the gateway reports the destination's outcome. */
    const attempt = async (outcome: string) => {
      const offers = await api<{ offers: { id: string; taskId: string }[] }>(
        "GET",
        "/api/agent/offers?waitMs=5000",
        undefined,
        bob,
      );
      const offer = offers.body.offers[0];
      assert.ok(offer, "bob is offered the outbound call");
      const busyChange = await api<Problem>("DELETE", `/v1/scheduler-entries/${id}`);
      assert.equal(busyChange.status, 409, "in progress: not removed");
      assert.match(busyChange.body.detail ?? "", /in progress/);
      assert.equal(
        (await api("POST", `/api/agent/offers/${offer.id}/accept`, {}, bob)).status,
        200,
      );
      const reported = await api<{ event: string }>(
        "POST",
        `/api/ingress/tasks/${offer.taskId}/destination`,
        { outcome },
      );
      assert.equal(reported.status, 200);
      return offer.taskId;
    };
    await attempt("Busy");
    const second = await attempt("Answered");
    await receiver.until((r) => r.some((x) => x.json.event === "Handled"), 10_000);
    const mine = receiver.received.filter((r) => r.json.schedulerEntryId === id);
    assert.deepEqual(
      mine.map((r) => r.json.event),
      ["Scheduled", "DueDateReached", "Scheduled", "DueDateReached", "Handled"],
    );
    const handled = mine.at(-1)?.json;
    assert.equal(handled?.completionReason, "DestinationReached");
    assert.equal(handled?.unifiedConversationId, second);
    assert.equal(handled?.ReferenceId, "crm-7");
    assert.equal(handled?.serviceUpn, "support@demo.cirrus.test");

    const twice = await api<Problem>("POST", `/api/ingress/tasks/${second}/destination`, {
      outcome: "Answered",
    });
    assert.equal(twice.status, 409);
    const events = await api<{ events: { type: string }[] }>("GET", `/api/events?taskId=${second}`);
    assert.deepEqual(
      events.body.events.map((e) => e.type).filter((t) => !t.startsWith("Offer")),
      ["Created", "InQueue", "ConnectedToUser", "DestinationReached"],
    );
    await api("POST", `/api/agent/tasks/${second}/end`, {}, bob);
    await api("PUT", "/api/agent/presence", { status: "Offline" }, bob);
  });

  it("adds an external task that is distributed like any other, and removes it", async () => {
    const added = await api<{
      id: string;
      modality: string;
      isAnonymous: boolean;
      serviceUPN: string;
      preferredUsers: unknown[];
    }>(
      "POST",
      "/v1/ExternalTasks",
      {
        serviceUpn: "sales@demo.cirrus.test",
        customerIdentifier: "ticket-99",
        customer: { displayName: "Ada Lovelace" },
        customContextParameters: [{ name: "ticket", value: "99" }],
        distributionPriority: "High",
        preferredUsers: [{ upn: "erin@demo.cirrus.test" }],
      },
      frank,
    );
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.equal(added.body.modality, "ExternalTask");
    assert.equal(added.body.isAnonymous, false);
    assert.equal(added.body.serviceUPN, "sales@demo.cirrus.test");
    const events = await api<{ events: { type: string; data: Record<string, unknown> }[] }>(
      "GET",
      `/api/events?taskId=${added.body.id}`,
    );
    const started = events.body.events[0];
    assert.equal(started?.type, "WorkflowStarted");
    assert.equal(started?.data.modality, "ExternalTask");
    assert.equal(started?.data.customerIdentifier, "ticket-99");

    const refused = await api<Problem>("POST", "/v1/ExternalTasks", {
      serviceUpn: "support@demo.cirrus.test",
    });
    assert.equal(refused.status, 400, "support takes no external tasks");
    assert.equal(refused.body.field, "serviceUpn");
    const badUser = await api<Problem>("POST", "/v1/ExternalTasks", {
      serviceUpn: "sales@demo.cirrus.test",
      preferredUsers: [{ upn: "ghost@demo.cirrus.test" }],
    });
    assert.equal(badUser.body.field, "preferredUsers[0].upn");

    // Erin holds a call so that the next task waits, and is removed from the queue.
    const erin = await server.tokenFor("erin");
    await api("PUT", "/api/agent/presence", { status: "Available" }, erin);
    const waiting = await api<{ id: string }>("POST", "/v1/ExternalTasks", {
      serviceUpn: "sales@demo.cirrus.test",
      preferredUsers: [{ upn: "erin@demo.cirrus.test", priority: 1 }],
    });
    const removed = await api("DELETE", `/v1/ExternalTasks/${waiting.body.id}`, undefined, frank);
    assert.equal(removed.status, 200);
    // Removal is idempotent: a task already gone, or never known, answers 200 as well.
    const gone = await api<Problem>("DELETE", `/v1/ExternalTasks/${waiting.body.id}`);
    assert.equal(gone.status, 200);
    assert.equal(gone.body, "");
    assert.equal((await api("DELETE", "/v1/ExternalTasks/never-known")).status, 200);
    const trail = await api<{ events: { type: string; detail?: { reason?: string } }[] }>(
      "GET",
      `/api/events?taskId=${waiting.body.id}`,
    );
    assert.equal(trail.body.events.at(-1)?.type, "Terminated");
    await api("PUT", "/api/agent/presence", { status: "Offline" }, erin);
  });

  it("lets supervisors see and remove the planned calls of the services they oversee", async () => {
    const plan = async (serviceUpn: string) => {
      const created = await api<EntryView>("POST", "/v1/scheduler-entries", {
        serviceUpn,
        destination: "+41790001111",
        dueDateTimeUtc: inAnHour(),
      });
      assert.equal(created.status, 200);
      return created.body.schedulerEntryId;
    };
    const support = await plan("support@demo.cirrus.test");
    const sales = await plan("sales@demo.cirrus.test");
    const grace = await server.tokenFor("grace"); // Supervisor of support
    type Listed = { entries: (EntryView & { status: string; attempts: unknown[] })[] };
    const seen = await api<Listed>(
      "GET",
      "/api/admin/supervisor/scheduler-entries",
      undefined,
      grace,
    );
    assert.equal(seen.status, 200);
    const ids = seen.body.entries.map((e) => e.schedulerEntryId);
    assert.ok(ids.includes(support) && !ids.includes(sales), "support's entries only");
    assert.deepEqual(seen.body.entries.find((e) => e.schedulerEntryId === support)?.attempts, []);
    const notHers = await api<Problem>(
      "DELETE",
      `/api/admin/supervisor/scheduler-entries/${sales}`,
      undefined,
      grace,
    );
    assert.equal(notHers.status, 404);
    const removed = await api(
      "DELETE",
      `/api/admin/supervisor/scheduler-entries/${support}`,
      undefined,
      grace,
    );
    assert.equal(removed.status, 204);
    const events = await api<{ events: { type: string; data: Record<string, unknown> }[] }>(
      "GET",
      "/api/events?limit=1000",
    );
    const removal = events.body.events.find(
      (e) => e.type === "Removed" && e.data.schedulerEntryId === support,
    );
    assert.equal(removal?.data.completionReason, "Removed");
    const alice = await server.tokenFor("alice");
    const refused = await api<Problem>(
      "GET",
      "/api/admin/supervisor/scheduler-entries",
      undefined,
      alice,
    );
    assert.equal(refused.status, 403);
    await api("DELETE", `/v1/scheduler-entries/${sales}`);
  });

  it("keeps an entry small and sensible, and its service while it waits", async () => {
    const base = {
      serviceUpn: "sales@demo.cirrus.test",
      destination: "+41791234567",
      dueDateTimeUtc: inAnHour(),
    };
    const blank = await api<Problem>("POST", "/v1/scheduler-entries", {
      ...base,
      customCallContextParameters: [{ name: " ", value: "x" }],
    });
    assert.equal(blank.status, 400);
    assert.equal(blank.body.field, "customCallContextParameters[0].name");
    const big = await api<Problem>("POST", "/v1/scheduler-entries", {
      ...base,
      customCallContextParameters: Array.from({ length: 10 }, (_, i) => ({
        name: `p${i}`,
        value: "x".repeat(2_000),
      })),
    });
    assert.equal(big.status, 400);
    assert.equal(big.body.field, "customCallContextParameters");
    const stale = await api<Problem>("POST", "/v1/scheduler-entries", {
      ...base,
      dueDateTimeUtc: "0001-01-01T00:00:00Z",
    });
    assert.equal(stale.status, 400);
    assert.equal(stale.body.field, "dueDateTimeUtc");

    // A service with calls planned is not deleted from under them.
    const service = await api<{ id: string }>("POST", "/api/admin/services", {
      upn: "callbacks@demo.cirrus.test",
      name: "callbacks",
      displayName: "Call-backs",
      orgUnitId: "ou-sales",
      licence: "EnterpriseRouting",
      modalities: ["Audio"],
      owners: ["user-frank"],
    });
    assert.equal(service.status, 201);
    const entry = await api<EntryView>("POST", "/v1/scheduler-entries", {
      ...base,
      serviceUpn: "callbacks@demo.cirrus.test",
    });
    const refused = await api<Problem>("DELETE", `/api/admin/services/${service.body.id}`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.field, "serviceId");
    await api("DELETE", `/v1/scheduler-entries/${entry.body.schedulerEntryId}`);
    assert.equal((await api("DELETE", `/api/admin/services/${service.body.id}`)).status, 204);
  });

  it("shows team owners the planned calls of the services they own, not of their unit", async () => {
    const service = await api<{ id: string }>("POST", "/api/admin/services", {
      upn: "unowned@demo.cirrus.test",
      name: "unowned",
      displayName: "Nobody's",
      orgUnitId: "ou-sales",
      licence: "EnterpriseRouting",
      modalities: ["Audio"],
    });
    const entry = await api<EntryView>("POST", "/v1/scheduler-entries", {
      serviceUpn: "unowned@demo.cirrus.test",
      destination: "+41791234567",
      dueDateTimeUtc: inAnHour(),
    });
    type Listed = { entries: EntryView[] };
    const seen = await api<Listed>(
      "GET",
      "/api/admin/supervisor/scheduler-entries",
      undefined,
      tina,
    );
    assert.ok(!seen.body.entries.some((e) => e.schedulerEntryId === entry.body.schedulerEntryId));
    const removal = await api<Problem>(
      "DELETE",
      `/api/admin/supervisor/scheduler-entries/${entry.body.schedulerEntryId}`,
      undefined,
      tina,
    );
    assert.equal(removal.status, 404);
    await api("DELETE", `/v1/scheduler-entries/${entry.body.schedulerEntryId}`);
    await api("DELETE", `/api/admin/services/${service.body.id}`);
  });

  it("answers an unknown preferred user and one out of reach alike", async () => {
    const answers = await Promise.all(
      ["ghost@demo.cirrus.test", "carol@demo.cirrus.test"].map((upn) =>
        api<Problem>(
          "POST",
          "/v1/ExternalTasks",
          { serviceUpn: "sales@demo.cirrus.test", preferredUsers: [{ upn }] },
          frank,
        ),
      ),
    );
    assert.deepEqual(
      answers.map((a) => [a.status, a.body.field]),
      [
        [422, "preferredUsers[0].upn"],
        [422, "preferredUsers[0].upn"],
      ],
    );
    assert.match(answers[1]?.body.detail ?? "", /is not a user you may route to/);
  });
});
