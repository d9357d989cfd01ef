/**
 * The two workflows the benchmark walks tasks through: the built-in one (the baseline) and
 * the ten-activity `workflow.json`, assigned to the bench service. Each says which trigger
 * events a task must produce and how it ends, so that every finished task can be checked.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "../../src/domain/commands.ts";
import type { TaskEventType, TerminationReason } from "../../src/domain/events.ts";
import type { Service } from "../../src/domain/model.ts";
import {
  catalogOf,
  emptyCatalog,
  type WorkflowCatalog,
  workflowRef,
} from "../../src/domain/workflow/catalog.ts";
import type { WorkflowDefinition } from "../../src/domain/workflow/definition.ts";
import { validateWorkflow } from "../../src/domain/workflow/validate.ts";

export interface Scenario {
  readonly name: string;
  /** The activities a task walks through, in order. */
  readonly path: readonly string[];
  readonly workflows: WorkflowCatalog;
  /** The trigger events of every task, exactly. */
  readonly triggerEvents: readonly TaskEventType[];
  readonly reason: TerminationReason;
  /** What ends a connected task: the agent's EndTask or the caller's Hangup. */
  end(taskId: string, userId: string): Command;
}

/** Start → Accept → Queue; the caller hangs up once connected. No workflow is assigned. */
export const baselineScenario: Scenario = {
  name: "built-in",
  path: ["Start", "Accept", "Queue"],
  workflows: emptyCatalog,
  triggerEvents: ["WorkflowStarted", "SystemAccepted", "InQueue", "ConnectedToUser", "Terminated"],
  reason: "CallerLeft",
  end: (taskId) => ({ kind: "Hangup", taskId }),
};

/** Reads `workflow.json` and refuses to go on unless it validates without a single problem. */
export async function loadBenchWorkflow(): Promise<WorkflowDefinition> {
  const text = await readFile(new URL("./workflow.json", import.meta.url), "utf8");
  const { workflow, problems } = validateWorkflow(JSON.parse(text));
  if (!workflow || problems.length > 0) {
    const list = problems.map((p) => `  ${p.severity} ${p.node ?? "-"} ${p.field}: ${p.message}`);
    throw new Error(`bench/interpreter/workflow.json is not a clean workflow:\n${list.join("\n")}`);
  }
  return workflow;
}

/**
 * The ten activities: Start → Accept → OpeningHours (open) → SaveToParameter →
 * CheckParameter (match) → GetAvailableUsers → Announcement (2 s) → InputCustomer (digits) →
 * Queue → (connected, the agent ends it) → Disconnect.
 */
export function workflowScenario(definition: WorkflowDefinition, service: Service): Scenario {
  return {
    name: workflowRef(definition.id, definition.version),
    path: [
      "Start",
      "Accept",
      "OpeningHours",
      "SaveToParameter",
      "CheckParameter",
      "GetAvailableUsers",
      "Announcement",
      "InputCustomer",
      "Queue",
      "Disconnect",
    ],
    workflows: catalogOf(
      [definition],
      [{ serviceId: service.id, modality: definition.modality, workflowId: definition.id }],
    ),
    triggerEvents: [
      "WorkflowStarted",
      "SystemAccepted",
      "ParameterUpdated",
      "ParameterUpdated",
      "ParameterUpdated",
      "InQueue",
      "ConnectedToUser",
      "Terminated",
    ],
    reason: "Disconnected",
    end: (taskId, userId) => ({ kind: "EndTask", userId, taskId }),
  };
}
