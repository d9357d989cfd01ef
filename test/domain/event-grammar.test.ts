import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { followsGrammar } from "../../src/domain/eventGrammar.ts";
import type { TaskEventType } from "../../src/domain/events.ts";

const words = (text: string) => text.split(" ") as TaskEventType[];

describe("event grammar", () => {
  const valid = [
    "WorkflowStarted Terminated",
    "WorkflowStarted SystemAccepted InQueue ConnectedToUser Terminated",
    "WorkflowStarted SystemAccepted InQueue QueueLeft Terminated",
    "WorkflowStarted SystemAccepted ParameterUpdated InQueue ParameterUpdated ConnectedToUser ParameterUpdated Terminated",
    "WorkflowStarted InQueue QueueLeft InQueue ConnectedToUser Terminated",
    "Created InQueue ConnectedToUser DestinationReached Terminated",
    "Created InQueue QueueLeft Terminated",
  ];
  const invalid = [
    "WorkflowStarted SystemAccepted InQueue",
    "WorkflowStarted SystemAccepted InQueue Terminated",
    "WorkflowStarted Terminated Terminated",
    "SystemAccepted InQueue ConnectedToUser Terminated",
    "WorkflowStarted SystemAccepted SystemAccepted Terminated",
    "WorkflowStarted InQueue ConnectedToUser QueueLeft Terminated",
    "WorkflowStarted DestinationReached Terminated",
    "Created InQueue ConnectedToUser Terminated DestinationReached",
    "Created ConnectedToUser Terminated",
  ];
  for (const text of valid) it(`accepts ${text}`, () => assert.ok(followsGrammar(words(text))));
  for (const text of invalid) it(`refuses ${text}`, () => assert.ok(!followsGrammar(words(text))));
});
