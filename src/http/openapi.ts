/**
 * The API description: an OpenAPI 3.1 document of every route, collected from the routes'
 * own schemas by @fastify/swagger, at `GET /openapi.json`, and Swagger UI at `GET /docs`,
 * its assets served from the package (no CDN, works offline).
 *
 * Register it before any route, so the plugin sees them all as they are added.
 */
import { readFileSync } from "node:fs";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance, FastifyRequest, FastifySchema } from "fastify";
import { sharedSchemas } from "./description/components.ts";
import { descriptionKey, descriptions, publishedUrl } from "./description/index.ts";

export interface OpenApiOptions {
  /** `info.title`; "Cirrus" by default. */
  readonly title?: string;
  /** `info.version`: the version of Cirrus (see `packageVersion`). */
  readonly version: string;
  /** The server's public base URL; the request's own origin when absent. */
  readonly publicUrl?: string | undefined;
}

/** Cirrus's version, as package.json has it. */
export const packageVersion: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;

export const openApiPath = "/openapi.json";
export const docsPath = "/docs";

const tags = [
  { name: "connector", description: "The certified connector's operations (/v1, /v2)" },
  { name: "ingress", description: "Inbound calls, chats and emails, as gateways send them" },
  { name: "agent", description: "An agent's presence, offers and tasks" },
  { name: "admin", description: "Tenant administration: services, users, tokens" },
  { name: "events", description: "The event log and task views" },
  { name: "service", description: "Health, metrics and the connector definition" },
] as const;

type Tag = (typeof tags)[number]["name"];

/** The tag of a route by its URL; undefined for the description's own routes. */
export function tagOf(url: string): Tag | undefined {
  if (url === openApiPath || url === docsPath || url.startsWith(`${docsPath}/`)) return undefined;
  if (/^\/v\d+\//.test(url)) return "connector";
  const api = /^\/api\/([^/]+)/.exec(url)?.[1];
  if (api === "ingress" || api === "agent" || api === "admin") return api;
  if (api !== undefined) return "events";
  return "service";
}

/** Routes outside /api and /v* need no token. */
const isPublic = (tag: Tag) => tag === "service";

/** The public URL, else the request's own origin; undefined if neither makes a URL. */
function serverUrl(request: FastifyRequest, publicUrl: string | undefined): string | undefined {
  try {
    const url = new URL(publicUrl ?? `${request.protocol}://${request.host}`);
    return publicUrl ? url.href.replace(/\/$/, "") : url.origin;
  } catch {
    return undefined;
  }
}

/** The document with `servers` naming where it was asked for, or none at all. */
function withServers<T extends object>(document: T, request: FastifyRequest, publicUrl?: string) {
  const url = serverUrl(request, publicUrl);
  return url === undefined ? document : { ...document, servers: [{ url }] };
}

/**
 * "METHOD /url" of each route a document was built with that has no entry in ./description
 * (it has no operationId, summary or responses of its own); filled as the document is built,
 * for the tests to name them.
 */
export const undescribedRoutes = new Set<string>();

export async function registerOpenApi(
  app: FastifyInstance,
  options: OpenApiOptions,
): Promise<void> {
  await app.register(fastifySwagger, {
    mode: "dynamic",
    openapi: {
      openapi: "3.1.0",
      info: {
        title: options.title ?? "Cirrus",
        version: options.version,
        license: { name: "Apache-2.0", identifier: "Apache-2.0" },
        description:
          "Contact-centre task router. /api/* is Cirrus's own API; /v1 and /v2 are the " +
          "certified connector's paths. Errors are RFC 9457 problems (application/problem+json).",
      },
      components: {
        securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } },
        schemas: sharedSchemas(descriptions),
      },
      security: [{ bearerAuth: [] }],
      tags: tags.map((tag) => ({ ...tag })),
    },
    // TypeBox 1.x schemas are plain JSON Schema: its `~kind`/`~optional` markers are
    // non-enumerable and do not reach the document.
    // The operation's id, summary and responses come from ./description, by method and URL:
    // the document only, the route's own validation and serialisation stay as they are.
    transform: ({ schema, url, route }) => {
      const tag = tagOf(url);
      if (tag === undefined) return { schema: { ...schema, hide: true }, url };
      const described: FastifySchema = { ...schema };
      const key = descriptionKey(route.method, url);
      const operation = descriptions[key];
      if (operation) Object.assign(described, operation, { response: operation.responses });
      else undescribedRoutes.add(key);
      delete (described as { responses?: unknown }).responses;
      if (!described.tags) described.tags = [tag];
      if (isPublic(tag) && !described.security) described.security = [];
      return { schema: described, url: publishedUrl(url) };
    },
  });

  await app.register(fastifySwaggerUi, {
    routePrefix: docsPath,
    uiConfig: { deepLinking: true, persistAuthorization: false },
    // The UI reads the document at /docs/json: give it the same servers as /openapi.json.
    transformSpecification: (document, request) =>
      withServers(document, request, options.publicUrl),
  });

  app.get(openApiPath, { schema: { hide: true } }, async (request, reply) => {
    // The plugin caches its document: the servers go on a copy.
    const document = withServers(app.swagger(), request, options.publicUrl);
    return reply.type("application/json; charset=utf-8").send(document);
  });
}
