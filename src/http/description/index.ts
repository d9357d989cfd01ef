/**
 * Every operation's description, by "METHOD /url" as Fastify registers the route; applied
 * to /openapi.json by the `transform` of ../openapi.ts. A route without an entry here has
 * no operationId in the document, which test/http/openapi.test.ts refuses.
 */
import { adminDescriptions } from "./admin.ts";
import { agentDescriptions } from "./agent.ts";
import { connectorDescriptions } from "./connector.ts";
import { ingressDescriptions } from "./ingress.ts";
import type { Descriptions } from "./operation.ts";
import { operationDescriptions } from "./operations.ts";
import { serviceDescriptions } from "./service.ts";

function merge(...parts: readonly Descriptions[]): Descriptions {
  const out: Record<string, Descriptions[string]> = {};
  for (const part of parts) {
    for (const [key, operation] of Object.entries(part)) {
      if (key in out) throw new Error(`${key} is described twice`);
      out[key] = operation;
    }
  }
  return out;
}

export const descriptions: Descriptions = merge(
  serviceDescriptions,
  ingressDescriptions,
  agentDescriptions,
  adminDescriptions,
  operationDescriptions,
  connectorDescriptions,
);

/** The key of a route: its method (the first, for a route of several) and URL. */
export function descriptionKey(method: string | readonly string[], url: string): string {
  return `${typeof method === "string" ? method : method[0]} ${url}`;
}

/** The path a route is published at: without a trailing slash (`/api/x/` → `/api/x`). */
export function publishedUrl(url: string): string {
  return url.length > 1 ? url.replace(/\/+$/, "") : url;
}
