/**
 * The agent's live stream over real HTTP (on the embedded store; the stream reads no store):
 * the state at once, then an `offer` and a `state` event for what concerns the agent, and
 * nothing for what concerns others.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { type AgentStateBody, ContactFloor, type OfferBody } from "./contact-floor.ts";

interface SseEvent {
  readonly id: number;
  readonly event: string;
  readonly data: unknown;
}

/** Reads Server-Sent Events from a response as they come; comments are skipped. */
class SseReader {
  readonly #queue: SseEvent[] = [];
  #wake: (() => void) | undefined;
  #buffer = "";

  constructor(body: ReadableStream<Uint8Array>) {
    void this.#pump(body);
  }

  async #pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) {
        this.#buffer += decoder.decode(chunk, { stream: true });
        this.#parse();
      }
    } catch {
      // Aborted by the test.
    }
  }

  #parse(): void {
    for (let end = this.#buffer.indexOf("\n\n"); end >= 0; end = this.#buffer.indexOf("\n\n")) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      const fields = new Map<string, string>();
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(": ");
        fields.set(line.slice(0, colon), line.slice(colon + 2));
      }
      const data = fields.get("data");
      if (data === undefined) continue;
      this.#queue.push({
        id: Number(fields.get("id")),
        event: fields.get("event") ?? "message",
        data: JSON.parse(data),
      });
      this.#wake?.();
    }
  }

  /** The next event, failing after `timeoutMs`. */
  async next(timeoutMs = 3_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    while (this.#queue.length === 0) {
      const left = deadline - Date.now();
      assert.ok(left > 0, "an event arrives in time");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
    return this.#queue.shift() as SseEvent;
  }

  /** The next event, which must be of the given name. */
  async expect<T>(event: string): Promise<{ id: number; data: T }> {
    const next = await this.next();
    assert.equal(next.event, event, `a ${event} event, got ${JSON.stringify(next)}`);
    return { id: next.id, data: next.data as T };
  }
}

describe("Agent stream on sqlite", () => {
  let server: TestServer;
  let floor: ContactFloor;
  before(async () => {
    server = await startTestServer();
    floor = new ContactFloor(server);
  });
  after(async () => {
    await server.close();
  });

  const open = async (token: string, signal: AbortSignal) =>
    fetch(`${server.url}/api/agent/stream`, {
      headers: { authorization: `Bearer ${token}` },
      signal,
    });

  it("streams the agent's state, offers and changes, and nothing of others", async () => {
    const aborted = new AbortController();
    const response = await open(await floor.token("alice"), aborted.signal);
    try {
      assert.equal(response.status, 200);
      assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
      assert.ok(response.body);
      const stream = new SseReader(response.body);
      const initial = await stream.expect<AgentStateBody>("state");
      assert.equal(initial.data.presence, "Offline");
      assert.equal(initial.data.state, "Unavailable");
      assert.deepEqual(
        initial.data.services.map((s) => [s.id, s.responsible]),
        [["service-support", true]],
      );
      assert.ok(Number.isInteger(initial.id));

      // Dave's presence is not alice's business: her next event is her own.
      await floor.presence("Available", "dave", "alice");
      const available = await stream.expect<AgentStateBody>("state");
      assert.equal(available.data.presence, "Available");
      assert.equal(available.data.state, "Idle");
      assert.ok(available.id > initial.id);

      const taskId = await floor.call();
      const offer = await stream.expect<OfferBody>("offer");
      assert.equal(offer.data.taskId, taskId);
      assert.ok(Date.parse(offer.data.expiresAt) > Date.now());
      assert.equal(offer.data.task.modality, "Audio");
      const offered = await stream.expect<AgentStateBody>("state");
      assert.equal(offered.id, offer.id, "both carry the commit's last seq");
      assert.equal(offered.data.state, "Offered");
      assert.equal(offered.data.offer?.id, offer.data.id);

      await floor.accept("alice");
      const connected = await stream.expect<AgentStateBody>("state");
      assert.equal(connected.data.state, "Connected");
      assert.deepEqual(connected.data.tasks, [
        { id: taskId, modality: "Audio", serviceId: "service-support" },
      ]);
      assert.equal(connected.data.offer, null);

      const hangup = await server.api.request(
        "POST",
        `/api/ingress/tasks/${taskId}/hangup`,
        floor.admin,
      );
      assert.equal(hangup.status, 204);
      const ended = await stream.expect<AgentStateBody>("state");
      assert.equal(ended.data.state, "Idle");
      assert.deepEqual(ended.data.tasks, []);

      await server.api.request(
        "PUT",
        "/api/agent/services/service-support/responsibility",
        await floor.token("alice"),
        { active: false },
      );
      const off = await stream.expect<AgentStateBody>("state");
      assert.equal(off.data.services[0]?.responsible, false);
    } finally {
      aborted.abort();
    }
  });

  it("is for users only", async () => {
    const gateway = await server.api.request<{ token: string }>(
      "POST",
      "/api/admin/tokens",
      floor.admin,
      { gateway: "pbx" },
    );
    const response = await server.api.request<{ field: string }>(
      "GET",
      "/api/agent/stream",
      gateway.body.token,
    );
    assert.equal(response.status, 403);
    assert.match(response.contentType, /^application\/problem\+json/);
    assert.equal(response.body.field, "authorization");
  });

  it("ends open streams when the server closes", async () => {
    const own = await startTestServer();
    const aborted = new AbortController();
    try {
      const token = await own.tokenFor("bob");
      const response = await fetch(`${own.url}/api/agent/stream`, {
        headers: { authorization: `Bearer ${token}` },
        signal: aborted.signal,
      });
      assert.ok(response.body);
      const stream = new SseReader(response.body);
      await stream.expect("state");
    } finally {
      const started = Date.now();
      await own.close();
      assert.ok(Date.now() - started < 5_000, "closing did not wait for the stream");
      aborted.abort();
    }
  });
});
