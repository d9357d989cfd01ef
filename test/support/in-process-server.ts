/** The HTTP API over a fresh store, listening on a loopback port, with the demo tenant. */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Dispatcher } from "../../src/delivery/dispatcher.ts";
import { httpSender } from "../../src/delivery/http-sender.ts";
import type { SubscriptionLimits } from "../../src/delivery/subscription-limits.ts";
import { demoDirectory } from "../../src/demo/demo-tenant.ts";
import { type Clock, systemClock } from "../../src/engine/clock.ts";
import { collectRequester } from "../../src/engine/collect-request.ts";
import { Engine } from "../../src/engine/engine.ts";
import type { ServerLimits } from "../../src/http/limits.ts";
import type { OidcSettings } from "../../src/http/oidc.ts";
import { buildServer } from "../../src/http/server.ts";
import { issueToken } from "../../src/http/tokens.ts";
import type { Store } from "../../src/store/port.ts";
import { ApiClient } from "./api-client.ts";
import { freshSqliteStore, type StoreKind } from "./databases.ts";

export interface TestServer {
  readonly url: string;
  readonly api: ApiClient;
  readonly adminToken: string;
  readonly engine: Engine;
  readonly dispatcher: Dispatcher;
  readonly store: Store;
  /** A token for a demo user, e.g. `alice`, or for a full UPN. */
  tokenFor(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Retry delays in ms (the first attempt is immediate); short by default. */
  readonly retryDelaysMs?: readonly number[];
  readonly disableAfterMs?: number;
  /** Accept OpenID Connect access tokens of this issuer too. */
  readonly oidc?: OidcSettings;
  /** Seconds between a scheduler entry's failed attempt and the next. */
  readonly schedulerRetrySeconds?: number;
  /** The engine's, the delivery's and the server's clock; the system clock by default. */
  readonly clock?: Clock;
  /** How many trigger subscriptions may exist. */
  readonly subscriptionLimits?: SubscriptionLimits;
  /** Timeouts and caps of the server. */
  readonly limits?: Partial<ServerLimits>;
}

/** On a fresh store of the given kind; SQLite by default. Callbacks may use loopback. */
export async function startTestServer(
  kind?: StoreKind,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const db = kind ? await kind.open() : await freshSqliteStore();
  const clock = options.clock ?? systemClock;
  const requester = collectRequester({ allowPrivate: true, trustedOrigins: [] });
  const engine = await Engine.open({
    store: db.store,
    clock,
    newId: randomUUID,
    collect: (request) => requester.run(request),
  });
  const policy = {
    delaysMs: options.retryDelaysMs ?? [0, 50, 100],
    disableAfterMs: options.disableAfterMs ?? 60_000,
    timeoutMs: 2_000,
  };
  const dispatcher = await Dispatcher.start({
    store: db.store,
    engine,
    clock,
    sender: httpSender({ timeoutMs: policy.timeoutMs, allowPrivate: true }),
    policy,
    ...(options.subscriptionLimits ? { limits: options.subscriptionLimits } : {}),
  });
  await engine.provision(demoDirectory());
  const adminToken = await issueToken(
    db.store,
    { kind: "user", tenantId: "demo", userId: "user-admin" },
    Date.now(),
  );
  const app = await buildServer({
    engine,
    store: db.store,
    clock,
    dispatcher,
    config: {
      allowPrivateWebhooks: true,
      ...(options.schedulerRetrySeconds === undefined
        ? {}
        : { schedulerRetrySeconds: options.schedulerRetrySeconds }),
    },
    ...(options.oidc ? { oidc: options.oidc } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const api = new ApiClient(url, 8);
  return {
    url,
    api,
    adminToken,
    engine,
    dispatcher,
    store: db.store,
    tokenFor: async (name) => {
      const response = await api.request<{ token: string }>(
        "POST",
        "/api/admin/tokens",
        adminToken,
        {
          upn: name.includes("@") ? name : `${name}@demo.cirrus.test`,
        },
      );
      if (response.status !== 201) throw new Error(`token for ${name}: ${response.status}`);
      return response.body.token;
    },
    close: async () => {
      await api.close();
      await app.close();
      await dispatcher.stop();
      await engine.close();
      await requester.close();
      await db.dispose();
    },
  };
}
