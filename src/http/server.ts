/** The HTTP server: routes, authentication, problem responses, health and metrics. */
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { Clock } from "../engine/clock.ts";
import type { Engine } from "../engine/engine.ts";
import type { Store } from "../store/port.ts";
import { Authenticator, type Caller } from "./auth.ts";
import { createMetrics } from "./metrics.ts";
import { OfferWaiters } from "./offer-waiters.ts";
import { problem, sendProblem } from "./problem.ts";
import { adminRoutes } from "./routes/admin.ts";
import { agentRoutes } from "./routes/agent.ts";
import type { RouteDeps } from "./routes/deps.ts";
import { eventRoutes } from "./routes/events.ts";
import { ingressRoutes } from "./routes/ingress.ts";
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
  /** Logger to use; none by default. */
  readonly logger?: FastifyBaseLogger;
  /** Log every request and response (off by default: a line per request costs throughput). */
  readonly logRequests?: boolean;
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    logController: new LogController({ disableRequestLogging: !options.logRequests }),
    // Bad URLs and over-long path parameters are answered before routing: as problems too.
    frameworkErrors: (error, request, reply) => sendProblem(request, reply, error),
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  const { engine, store, clock } = options;
  const metrics = createMetrics(engine);
  const authenticator = new Authenticator(store, engine);
  const offerWaiters = new OfferWaiters(engine);
  const deps: RouteDeps = { engine, store, clock, offerWaiters };
  // Long polls would hold a shutdown for their whole wait: answer them now instead.
  app.addHook("preClose", async () => offerWaiters.wakeAll());

  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type("application/problem+json")
      .send(problem(404, "not_found", `no route ${request.method} ${request.url}`, "path")),
  );
  app.addHook("onResponse", async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? "unmatched",
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  app.get("/healthz", async () => ({ status: "ok", lastSeq: engine.committedSeq }));
  app.get("/metrics", async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  await app.register(
    async (api) => {
      api.decorateRequest("caller");
      api.addHook("onRequest", async (request) => {
        request.caller = await authenticator.authenticate(request);
      });
      await api.register(ingressRoutes, { ...deps, prefix: "/ingress" });
      await api.register(agentRoutes, { ...deps, prefix: "/agent" });
      await api.register(adminRoutes, { ...deps, prefix: "/admin" });
      await api.register(eventRoutes, deps);
    },
    { prefix: "/api" },
  );
  return app;
}
