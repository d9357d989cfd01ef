/** The HTTP server: routes, authentication, problem responses, health and metrics. */
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { Dispatcher } from "../delivery/dispatcher.ts";
import { demoCrmRoutes } from "../demo/crm-routes.ts";
import type { Clock } from "../engine/clock.ts";
import type { Engine } from "../engine/engine.ts";
import type { Store } from "../store/port.ts";
import { Authenticator, type Caller } from "./auth.ts";
import { connectorDefinition } from "./connector/definition.ts";
import { capConnections, defaultLimits, type ServerLimits } from "./limits.ts";
import { createMetrics } from "./metrics.ts";
import { OfferWaiters } from "./offer-waiters.ts";
import type { OidcSettings } from "./oidc.ts";
import { packageVersion, registerOpenApi } from "./openapi.ts";
import { problem, sendProblem } from "./problem.ts";
import { publicBase } from "./public-base.ts";
import { addressBookAdminRoutes } from "./routes/address-books-admin.ts";
import { adminRoutes } from "./routes/admin.ts";
import { adminDirectoryRoutes } from "./routes/admin-directory.ts";
import { agentRoutes } from "./routes/agent.ts";
import { agentStreamRoutes } from "./routes/agent-stream.ts";
import { connectorAddressBookRoutes } from "./routes/connector-address-books.ts";
import { connectorAssistantRoutes } from "./routes/connector-assistant.ts";
import { connectorExternalTaskRoutes } from "./routes/connector-external-tasks.ts";
import { connectorLookupRoutes } from "./routes/connector-lookups.ts";
import { connectorSchedulerRoutes } from "./routes/connector-scheduler.ts";
import { connectorTaskRoutes } from "./routes/connector-tasks.ts";
import { connectorTriggerRoutes } from "./routes/connector-triggers.ts";
import type { HttpConfig, RouteDeps } from "./routes/deps.ts";
import { eventStreamRoutes } from "./routes/event-stream.ts";
import { eventRoutes } from "./routes/events.ts";
import { ingressRoutes } from "./routes/ingress.ts";
import { ingressReportRoutes } from "./routes/ingress-reports.ts";
import { subscriptionRoutes } from "./routes/subscriptions.ts";
import { supervisorRoutes } from "./routes/supervisor.ts";
import { workflowRoutes } from "./routes/workflows.ts";
import { refuseUnstorableText } from "./storable-text.ts";
import { StreamRegistry } from "./stream-registry.ts";
import { validatorCompiler } from "./validators.ts";

declare module "fastify" {
  interface FastifyRequest {
    caller: Caller;
  }
}

export interface ServerOptions {
  readonly engine: Engine;
  readonly store: Store;
  readonly clock: Clock;
  readonly dispatcher: Dispatcher;
  readonly config?: Partial<HttpConfig>;
  /** Logger to use; none by default. */
  readonly logger?: FastifyBaseLogger;
  /** Log every request and response (off by default: a line per request costs throughput). */
  readonly logRequests?: boolean;
  /** Serve the demo's customer directory, which its workflows ask (`--demo`). */
  readonly demo?: boolean;
  /** Accept OpenID Connect access tokens of this issuer beside Cirrus tokens. */
  readonly oidc?: OidcSettings;
  /** Timeouts and caps; the defaults for what is not given. */
  readonly limits?: Partial<ServerLimits>;
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const limits: ServerLimits = { ...defaultLimits, ...options.limits };
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    logController: new LogController({ disableRequestLogging: !options.logRequests }),
    // Bad URLs and over-long path parameters are answered before routing: as problems too.
    frameworkErrors: (error, request, reply) => sendProblem(request, reply, error),
    bodyLimit: 2 * 1024 * 1024,
    // A client trickling its request is cut once the request takes too long in all.
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      // How often Node looks for requests past their time: often enough for short limits.
      connectionsCheckingInterval: Math.min(
        30_000,
        Math.ceil(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4),
      ),
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  capConnections(app.server, limits);
  app.setValidatorCompiler(validatorCompiler);
  // Before any route: the description collects routes as they are added.
  await registerOpenApi(app, {
    version: packageVersion,
    ...(options.config?.publicUrl ? { publicUrl: options.config.publicUrl } : {}),
  });
  const { engine, store, clock } = options;
  const metrics = createMetrics(engine);
  const authenticator = new Authenticator(store, engine, clock, options.oidc);
  const offerWaiters = new OfferWaiters(engine);
  const streams = new StreamRegistry(engine, clock, limits.maxStreamsPerToken);
  const config: HttpConfig = {
    publicUrl: options.config?.publicUrl,
    allowPrivateWebhooks: options.config?.allowPrivateWebhooks ?? false,
    ...(options.config?.schedulerRetrySeconds === undefined
      ? {}
      : { schedulerRetrySeconds: options.config.schedulerRetrySeconds }),
  };
  const deps: RouteDeps = {
    engine,
    store,
    clock,
    offerWaiters,
    dispatcher: options.dispatcher,
    config,
    authenticator,
    streams,
  };
  // Long polls would hold a shutdown for their whole wait: answer them now instead.
  app.addHook("preClose", async () => offerWaiters.wakeAll());

  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));
  // Before any schema: text no store can keep is refused wherever it is, typed or free-form.
  app.addHook("preValidation", refuseUnstorableText);
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type("application/problem+json")
      .send(problem(404, "not_found", `no route ${request.method} ${request.url}`, "path")),
  );
  app.addHook("onResponse", async (request, reply) => {
    // A change to the directory (a role, a user removed) ends the streams it affects.
    if (request.method !== "GET" && request.method !== "HEAD" && reply.statusCode < 400) {
      if (request.caller) streams.review(request.caller.tenantId);
    }
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? "unmatched",
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  // The connector definition, importable as a custom connector, pointing at this server.
  app.get("/connector/swagger.json", async (request) => {
    const base = new URL(publicBase(request, config));
    return connectorDefinition({
      host: base.host,
      scheme: base.protocol === "https:" ? "https" : "http",
    });
  });

  app.get("/healthz", async () => ({ status: "ok", lastSeq: engine.committedSeq }));
  app.get("/metrics", async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  if (options.demo) await app.register(demoCrmRoutes);

  app.decorateRequest("caller");
  const authenticated = async (scope: FastifyInstance) => {
    scope.addHook("onRequest", async (request) => {
      request.caller = await authenticator.authenticate(request);
    });
  };
  await app.register(
    async (api) => {
      await authenticated(api);
      await api.register(ingressRoutes, { ...deps, prefix: "/ingress" });
      await api.register(ingressReportRoutes, { ...deps, prefix: "/ingress" });
      await api.register(agentRoutes, { ...deps, prefix: "/agent" });
      await api.register(agentStreamRoutes, { ...deps, prefix: "/agent" });
      await api.register(adminRoutes, { ...deps, prefix: "/admin" });
      await api.register(adminDirectoryRoutes, { ...deps, prefix: "/admin" });
      await api.register(supervisorRoutes, { ...deps, prefix: "/admin/supervisor" });
      await api.register(subscriptionRoutes, { ...deps, prefix: "/admin/subscriptions" });
      await api.register(workflowRoutes, { ...deps, prefix: "/admin" });
      await api.register(addressBookAdminRoutes, { ...deps, prefix: "/admin/address-books" });
      await api.register(eventStreamRoutes, deps);
      await api.register(eventRoutes, deps);
    },
    { prefix: "/api" },
  );
  // The certified connector's paths, at the root as its definition has them.
  await app.register(async (connector) => {
    await authenticated(connector);
    await connector.register(connectorTriggerRoutes, deps);
    await connector.register(connectorLookupRoutes, deps);
    await connector.register(connectorTaskRoutes, deps);
    await connector.register(connectorAddressBookRoutes, deps);
    await connector.register(connectorSchedulerRoutes, deps);
    await connector.register(connectorExternalTaskRoutes, deps);
    await connector.register(connectorAssistantRoutes, deps);
  });
  return app;
}
