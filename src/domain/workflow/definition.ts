/**
 * The workflow document (docs/workflows.md): a start node and a record of nodes, each running
 * one activity with its settings and leaving by named exits wired to other nodes. Settings
 * are checked per activity against ./activities.ts; this schema checks the document's shape.
 */
import { type Static, Type } from "typebox";
import { modalities } from "../model.ts";
import { activityNames } from "./activities.ts";

/** Node ids are also what log lines and problems show, so they stay short and plain. */
export const nodeIdPattern = "^[A-Za-z0-9_.-]+$";

const strict = { additionalProperties: false } as const;

export const NodeIdSchema = Type.String({ minLength: 1, maxLength: 100, pattern: nodeIdPattern });

export const WorkflowNodeSchema = Type.Object(
  {
    activity: Type.Enum([...activityNames]),
    settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    exits: Type.Optional(Type.Record(Type.String(), NodeIdSchema)),
  },
  strict,
);

export const WorkflowDefinitionSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100, pattern: nodeIdPattern }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    modality: Type.Enum([...modalities]),
    version: Type.Integer({ minimum: 1 }),
    start: NodeIdSchema,
    nodes: Type.Record(Type.String(), WorkflowNodeSchema),
  },
  strict,
);

export type WorkflowNode = Static<typeof WorkflowNodeSchema>;
export type WorkflowDefinition = Static<typeof WorkflowDefinitionSchema>;
