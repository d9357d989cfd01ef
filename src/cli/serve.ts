/** `cirrus serve`: the engine and the HTTP API, optionally seeding a tenant first. */

import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { Dispatcher } from "../delivery/dispatcher.ts";
import { httpSender } from "../delivery/http-sender.ts";
import { retryPolicyFromEnv } from "../delivery/retry-policy.ts";
import { demoAddressBook, demoContacts } from "../demo/demo-address-books.ts";
import { demoSchedulerEntries } from "../demo/demo-schedule.ts";
import { demoDirectory } from "../demo/demo-tenant.ts";
import { demoWorkflows } from "../demo/demo-workflows.ts";
import { readDirectoryFile } from "../demo/directory-file.ts";
import { type Directory, holdsRole } from "../domain/model.ts";
import { systemClock } from "../engine/clock.ts";
import { collectRequester } from "../engine/collect-request.ts";
import type { Engine } from "../engine/engine.ts";
import { addressBookLimits } from "../http/address-book-schemas.ts";
import { buildServer } from "../http/server.ts";
import { hashToken, issueToken } from "../http/tokens.ts";
import type { Store } from "../store/port.ts";
import { type Config, limitsFromEnv, subscriptionLimitsFromEnv } from "./config.ts";
import { openConfiguredStore, openEngine } from "./open-runtime.ts";

export interface ServeOptions {
  readonly demo?: boolean;
  readonly seed?: string;
}

/**
 * Provisions the tenant if the store does not have it and makes sure its administrator has a
 * token: `bootstrapToken` when given (it is the first seeded tenant's), else a new one on
 * first provisioning. A bootstrap token the store holds for another tenant is not this
 * tenant's: it gets a new token instead.
 */
async function seedTenant(
  store: Store,
  engine: Engine,
  directory: Directory,
  bootstrapToken: string | undefined,
): Promise<string | undefined> {
  const isNew = !engine.tenantIds().includes(directory.tenant.id);
  if (isNew) await engine.provision(directory);
  const admin = directory.users.find((u) => holdsRole(u, "TenantAdmin"));
  if (!admin) return undefined;
  const principal = { kind: "user", tenantId: directory.tenant.id, userId: admin.id } as const;
  if (bootstrapToken) {
    const known = await store.findToken(hashToken(bootstrapToken));
    if (!known) return issueToken(store, principal, systemClock.now(), bootstrapToken);
    if (known.principal.tenantId === directory.tenant.id) return bootstrapToken;
    process.stdout.write(
      `CIRRUS_BOOTSTRAP_TOKEN belongs to tenant ${known.principal.tenantId}, ` +
        `not ${directory.tenant.id}\n`,
    );
  }
  return isNew ? issueToken(store, principal, systemClock.now()) : undefined;
}

/**
 * Stores and assigns the demo workflows unless the demo tenant has workflows already. Their
 * Collect Information asks this server's demo CRM at `baseUrl`.
 */
async function seedDemoWorkflows(store: Store, engine: Engine, baseUrl: string): Promise<void> {
  const tenantId = demoDirectory().tenant.id;
  if ((await store.listWorkflowVersions(tenantId)).length > 0) return;
  const { workflows, assignments } = demoWorkflows(baseUrl);
  for (const document of workflows) {
    await store.insertWorkflowVersion({
      tenantId,
      id: document.id,
      version: document.version,
      document,
      createdAt: systemClock.now(),
    });
  }
  for (const { serviceId, modality, workflowId } of assignments) {
    await store.assignWorkflow(tenantId, serviceId, modality, workflowId);
  }
  await engine.reloadWorkflows(tenantId);
}

/** Creates the demo's address book with its contacts unless the demo tenant has books. */
async function seedDemoAddressBooks(store: Store): Promise<void> {
  const book = demoAddressBook(systemClock.now());
  if ((await store.listAddressBooks(book.tenantId)).length > 0) return;
  await store.insertAddressBook(book, addressBookLimits.booksPerTenant);
  for (const contact of demoContacts) {
    await store.addContact(book.tenantId, book.id, contact, addressBookLimits.contactsPerBook);
  }
}

/** Schedules the demo's outbound calls, once: when the demo tenant is first provisioned. */
async function seedDemoSchedule(engine: Engine, retrySeconds: number): Promise<void> {
  const tenantId = demoDirectory().tenant.id;
  for (const entry of demoSchedulerEntries(systemClock.now(), retrySeconds)) {
    await engine.execute(tenantId, { kind: "CreateSchedulerEntry", entry });
  }
}

/** The origins the server answers on: each listening address, and localhost for loopback. */
function ownOrigins(addresses: readonly (string | AddressInfo)[]): string[] {
  return addresses.flatMap((entry) => {
    if (typeof entry === "string") return [];
    const { address, port, family } = entry;
    const host = family === "IPv6" ? `[${address}]` : address;
    const local = ["127.0.0.1", "::1", "0.0.0.0", "::"].includes(address);
    const loopback = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
    return [`http://${host}:${port}`, ...(local ? loopback : [])];
  });
}

export async function serve(config: Config, options: ServeOptions): Promise<void> {
  const store = await openConfiguredStore(config);
  const logger = pino({ level: config.logLevel });
  // Collect Information may always call the server itself (its own address, once known).
  const requester = collectRequester({
    allowPrivate: config.allowPrivateWebhooks,
    trustedOrigins: config.publicUrl ? [config.publicUrl] : [],
  });
  // Requests wait until the server listens: one re-sent after a restart may be to itself.
  let startRequests = () => {};
  const listening = new Promise<void>((resolve) => {
    startRequests = resolve;
  });
  const engine = await openEngine(store, {
    collect: async (request) => {
      await listening;
      return requester.run(request);
    },
    onError: (err, context) => logger.error({ err, context }, "engine"),
    onFatal: (err) => {
      // Nothing more may be written; a supervisor restarts the process, which then waits
      // for the writer lock like any second server.
      logger.fatal({ err }, "engine stopped");
      process.exit(1);
    },
  });
  const seeds: Directory[] = [];
  // The demo's planned calls are seeded with a new demo tenant only, not on every start.
  const newDemo = options.demo === true && !engine.tenantIds().includes(demoDirectory().tenant.id);
  if (options.demo) seeds.push(demoDirectory());
  if (options.seed) seeds.push(await readDirectoryFile(options.seed));
  // The bootstrap token is the first seeded tenant's; every other one gets its own, printed
  // once when it is first provisioned.
  for (const [index, directory] of seeds.entries()) {
    const bootstrap = index === 0 ? config.bootstrapToken : undefined;
    const token = await seedTenant(store, engine, directory, bootstrap);
    if (token) {
      process.stdout.write(`tenant ${directory.tenant.id}: admin token ${token}\n`);
    } else {
      const admin = directory.users.find((u) => holdsRole(u, "TenantAdmin"));
      process.stdout.write(
        `tenant ${directory.tenant.id} is already provisioned; for a new admin token run ` +
          `\`cirrus token create --upn ${admin?.upn ?? "<upn>"}\`\n`,
      );
    }
  }
  const policy = retryPolicyFromEnv();
  const dispatcher = await Dispatcher.start({
    store,
    engine,
    clock: systemClock,
    sender: httpSender({ timeoutMs: policy.timeoutMs, allowPrivate: config.allowPrivateWebhooks }),
    policy,
    limits: subscriptionLimitsFromEnv(),
    onError: (err, context) => logger.error({ err, context }, "delivery"),
  });
  const app = await buildServer({
    engine,
    store,
    clock: systemClock,
    dispatcher,
    config: {
      publicUrl: config.publicUrl,
      allowPrivateWebhooks: config.allowPrivateWebhooks,
      schedulerRetrySeconds: config.schedulerRetrySeconds,
    },
    logger,
    logRequests: config.logRequests,
    demo: options.demo ?? false,
    ...(config.oidc ? { oidc: config.oidc } : {}),
    limits: limitsFromEnv(),
  });
  const address = await app.listen({ port: config.port, host: config.host });
  const own = ownOrigins(app.addresses());
  for (const origin of own) requester.trust(origin);
  startRequests();
  if (options.demo) {
    const local = own.find((origin) => origin.startsWith("http://127.0.0.1:")) ?? own[0];
    await seedDemoWorkflows(store, engine, config.publicUrl ?? local ?? address);
    await seedDemoAddressBooks(store);
    if (newDemo) await seedDemoSchedule(engine, config.schedulerRetrySeconds);
  }
  process.stdout.write(`cirrus listening on ${address} (${store.capabilities.dialect} store)\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, "shutting down");
    await app.close();
    await dispatcher.stop();
    await engine.close();
    await requester.close();
    await store.close();
    process.exit(0);
  };
  process.on("SIGINT", (s) => void stop(s));
  process.on("SIGTERM", (s) => void stop(s));
}
