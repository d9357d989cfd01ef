/** The routes outside /api and /v*: health, metrics and the connector definition. */
import { Type } from "typebox";
import { type Descriptions, json } from "./operation.ts";

export const serviceDescriptions: Descriptions = {
  "GET /connector/swagger.json": {
    operationId: "getConnectorDefinition",
    summary: "The connector definition, to import as a custom connector",
    description:
      "An OpenAPI 2.0 document with Power Automate's extensions, pointing at this server.",
    responses: {
      200: json("The connector definition.", Type.Object({ swagger: Type.Literal("2.0") })),
    },
  },
  "GET /healthz": {
    operationId: "getHealth",
    summary: "Whether the server is up, and the last event it committed",
    responses: {
      200: json(
        "The server is up.",
        Type.Object({ status: Type.Literal("ok"), lastSeq: Type.Integer() }),
      ),
    },
  },
  "GET /metrics": {
    operationId: "getMetrics",
    summary: "Prometheus metrics",
    responses: {
      200: {
        description: "The metrics in Prometheus's text format.",
        content: { "text/plain": { schema: { type: "string" } } },
      },
    },
  },
};
