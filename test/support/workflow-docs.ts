/** Small workflow documents for validator tests: a valid base and ways to change it. */
import { readFile } from "node:fs/promises";
import type { WorkflowProblem } from "../../src/domain/workflow/problems.ts";

export type NodeDoc = {
  activity: string;
  settings?: Record<string, unknown>;
  exits?: Record<string, string>;
};
export type WorkflowDoc = Record<string, unknown> & {
  start: string;
  nodes: Record<string, NodeDoc>;
};

/** Start → Accept → Queue → Disconnect. */
export function baseWorkflow(): WorkflowDoc {
  return {
    id: "test",
    name: "Test",
    modality: "Audio",
    version: 1,
    start: "start",
    nodes: {
      start: { activity: "Start", exits: { next: "accept" } },
      accept: { activity: "Accept", exits: { next: "queue" } },
      queue: {
        activity: "Queue",
        settings: { maxQueueSeconds: 60 },
        exits: { timeout: "bye", noUsers: "bye" },
      },
      bye: { activity: "Disconnect" },
    },
  };
}

/**
 * The base with `nodes` added and wired in between Accept and Queue: Accept goes to the first
 * one; the nodes' own exits say where they go (usually "queue").
 */
export function withNodes(nodes: Record<string, NodeDoc>): WorkflowDoc {
  const doc = baseWorkflow();
  const [first] = Object.keys(nodes);
  if (first !== undefined) doc.nodes.accept = { activity: "Accept", exits: { next: first } };
  Object.assign(doc.nodes, nodes);
  return doc;
}

export const error = (node: string | null, field: string, message: string): WorkflowProblem => ({
  severity: "error",
  node,
  field,
  message,
});

export const warning = (node: string | null, field: string, message: string): WorkflowProblem => ({
  severity: "warning",
  node,
  field,
  message,
});

export const exampleFiles = ["support-audio.json", "support-chat.json", "support-email.json"].map(
  (name) => new URL(`../../examples/workflows/${name}`, import.meta.url),
);

export const brokenFixture = new URL("../fixtures/workflows/broken.json", import.meta.url);

export async function readJson(url: URL): Promise<unknown> {
  return JSON.parse(await readFile(url, "utf8"));
}
