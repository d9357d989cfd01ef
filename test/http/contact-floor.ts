/**
 * A contact-centre floor over the HTTP API for distribution tests: agents by name set their
 * presence, take and refuse offers and end tasks; the administrator sets routing and places
 * calls and chats. Every step asserts its status, so a test reads as the story it tells.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import type { TestServer } from "../support/in-process-server.ts";

export const upnOf = (name: string) => `${name}@demo.cirrus.test`;

export interface OfferBody {
  id: string;
  taskId: string;
  offeredAt: string;
  expiresAt: string;
  broadcast: boolean;
  task: Record<string, unknown>;
}

export interface AgentStateBody {
  presence: string;
  state: string;
  stateSince: string | null;
  notReady: boolean;
  afterCallWorkUntil: string | null;
  tasks: { id: string; modality: string; serviceId: string }[];
  offer: OfferBody | null;
  services: {
    id: string;
    upn: string;
    displayName: string;
    responsible: boolean;
    modalities: string[];
  }[];
}

export class ContactFloor {
  readonly server: TestServer;
  readonly #tokens = new Map<string, string>();

  constructor(server: TestServer) {
    this.server = server;
  }

  get admin(): string {
    return this.server.adminToken;
  }

  async token(name: string): Promise<string> {
    let token = this.#tokens.get(name);
    if (!token) {
      token = await this.server.tokenFor(name);
      this.#tokens.set(name, token);
    }
    return token;
  }

  /** Sets the agents' presence in turn, a few ms apart so that their idle times differ. */
  async presence(status: string, ...names: string[]): Promise<void> {
    for (const name of names) {
      const response = await this.server.api.request(
        "PUT",
        "/api/agent/presence",
        await this.token(name),
        {
          status,
        },
      );
      assert.equal(response.status, 200, `${name} ${status}`);
      await sleep(3);
    }
  }

  async routing(serviceId: string, body: Record<string, unknown>) {
    const response = await this.server.api.request<{ routing: Record<string, unknown> }>(
      "PUT",
      `/api/admin/services/${serviceId}/routing`,
      this.admin,
      body,
    );
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.routing;
  }

  async call(service = "support"): Promise<string> {
    const response = await this.server.api.request<{ taskId: string }>(
      "POST",
      "/api/ingress/calls",
      this.admin,
      { to: upnOf(service), from: "+41791234567" },
    );
    assert.equal(response.status, 201);
    return response.body.taskId;
  }

  async chat(service = "support"): Promise<string> {
    const response = await this.server.api.request<{ taskId: string }>(
      "POST",
      "/api/ingress/chats",
      this.admin,
      { to: upnOf(service), from: "jane@example.com", message: "Hello?" },
    );
    assert.equal(response.status, 201);
    return response.body.taskId;
  }

  /** The agent's ringing offers; with `waitMs`, waits that long for one. */
  async offers(name: string, waitMs = 0): Promise<OfferBody[]> {
    const query = waitMs > 0 ? `?waitMs=${waitMs}` : "";
    const response = await this.server.api.request<{ offers: OfferBody[] }>(
      "GET",
      `/api/agent/offers${query}`,
      await this.token(name),
    );
    assert.equal(response.status, 200);
    return response.body.offers;
  }

  /** The task ringing for the agent now, or undefined. */
  async ringing(name: string, waitMs = 0): Promise<string | undefined> {
    return (await this.offers(name, waitMs))[0]?.taskId;
  }

  /** Who of `names` has the task ringing now. */
  async ringingFor(taskId: string, names: readonly string[]): Promise<string[]> {
    const ringing: string[] = [];
    for (const name of names) if ((await this.ringing(name)) === taskId) ringing.push(name);
    return ringing;
  }

  async accept(name: string): Promise<string> {
    const [offer] = await this.offers(name);
    assert.ok(offer, `${name} has an offer to accept`);
    const response = await this.server.api.request(
      "POST",
      `/api/agent/offers/${offer.id}/accept`,
      await this.token(name),
    );
    assert.equal(response.status, 200, `${name} accepts`);
    return offer.taskId;
  }

  async decline(name: string): Promise<string> {
    const [offer] = await this.offers(name);
    assert.ok(offer, `${name} has an offer to decline`);
    const response = await this.server.api.request(
      "POST",
      `/api/agent/offers/${offer.id}/decline`,
      await this.token(name),
    );
    assert.equal(response.status, 200, `${name} declines`);
    return offer.taskId;
  }

  async end(name: string, taskId: string): Promise<void> {
    const response = await this.server.api.request(
      "POST",
      `/api/agent/tasks/${taskId}/end`,
      await this.token(name),
    );
    assert.equal(response.status, 200, `${name} ends ${taskId}`);
  }

  async state(name: string): Promise<AgentStateBody> {
    const response = await this.server.api.request<AgentStateBody>(
      "GET",
      "/api/agent/state",
      await this.token(name),
    );
    assert.equal(response.status, 200);
    return response.body;
  }

  /** Polls the agent's state until `done` holds, for up to `timeoutMs`. */
  async stateUntil(
    name: string,
    done: (state: AgentStateBody) => boolean,
    timeoutMs = 3_000,
  ): Promise<AgentStateBody> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await this.state(name);
      if (done(state) || Date.now() > deadline) return state;
      await sleep(50);
    }
  }

  async task(taskId: string) {
    const response = await this.server.api.request<{
      status: string;
      offerIds: string[];
      queuePosition: number | null;
    }>("GET", `/api/tasks/${taskId}`, this.admin);
    assert.equal(response.status, 200);
    return response.body;
  }

  /** The task's events, routing events included, by type. */
  async eventTypes(taskId: string): Promise<string[]> {
    const response = await this.server.api.request<{ events: { type: string }[] }>(
      "GET",
      `/api/events?after=0&limit=1000&include=all&taskId=${taskId}`,
      this.admin,
    );
    assert.equal(response.status, 200);
    return response.body.events.map((event) => event.type);
  }
}
