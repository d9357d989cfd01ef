/**
 * The virtual user assistant: when a service has it switched on, it takes part in the
 * service's calls and chats. What is said is kept with the task (the customer's messages, the
 * workflow's words, the lines the gateway transcribes); when the conversation ends, the
 * transcript is kept in the log and Voice Transcription Ready is raised for the flows.
 */
import type { Decision } from "./decision.ts";
import { DomainError } from "./errors.ts";
import type { TranscriptSpeaker } from "./events.ts";
import type { Modality, Service } from "./model.ts";
import { type TaskState, transcriptHasRoom, transcriptLimits } from "./state.ts";

/** Modalities the assistant takes part in. */
const transcribed: readonly Modality[] = ["Audio", "InstantMessaging"];

/** Whether the assistant takes part in a new task of the service in this modality. */
export function assistantTakesPart(service: Service, modality: Modality): boolean {
  return service.virtualAssistant === true && transcribed.includes(modality);
}

/** Lines the gateway transcribed, kept in order. */
export function addTranscript(
  d: Decision,
  task: TaskState,
  lines: readonly { readonly speaker: TranscriptSpeaker; readonly text: string }[],
): void {
  if (task.transcript === null) {
    throw DomainError.conflict(
      `the virtual user assistant does not take part in task ${task.id}`,
      "taskId",
    );
  }
  const characters = lines.reduce((sum, line) => sum + line.text.length, 0);
  if (!transcriptHasRoom(task.transcript, lines.length, characters)) {
    throw DomainError.conflict(
      `task ${task.id}'s transcript would exceed ${transcriptLimits.lines} lines or ${transcriptLimits.characters} characters`,
      "segments",
    );
  }
  for (const { speaker, text } of lines) {
    d.emit({
      type: "TranscriptSegment",
      at: d.now,
      taskId: task.id,
      data: { speaker, text },
      detail: null,
    });
  }
}

/** The conversation ended: its transcript is kept and the flows are told. */
export function transcriptionReady(d: Decision, task: TaskState): void {
  const transcript = task.transcript;
  if (transcript === null) return;
  // The service whose assistant listened, even if the task was transferred since.
  const service = d.state.directory.servicesById.get(transcript.serviceId);
  d.emit({
    type: "VoiceTranscriptionReady",
    at: d.now,
    taskId: task.id,
    data: {
      ServiceSessionId: task.id,
      TenantId: task.data.tenantId,
      ServiceUPN: service?.upn ?? "",
      ServiceId: transcript.serviceId,
      ServiceName: service?.name ?? "",
    },
    detail: {
      serviceId: transcript.serviceId,
      modality: task.data.modality,
      transcript: transcript.lines,
    },
  });
}
