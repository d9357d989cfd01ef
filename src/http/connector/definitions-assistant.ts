/**
 * Definitions of the virtual user assistant's trigger and action, beyond the certified
 * connector and in its style: the Voice Transcription Ready notification and the transcript
 * "Get Data from Virtual User Assistant" returns.
 */
import { field, ref, type Schema, titled } from "./openapi.ts";

const session = {
  ServiceSessionId: titled("Service Session ID", "The session (task) the assistant took part in.", {
    "x-ms-visibility": "important",
  }),
  TenantId: titled("Tenant ID", "The Cirrus tenant of the session.", {
    "x-ms-visibility": "internal",
  }),
  ServiceUPN: titled("Service UPN", "The UPN of the session's service."),
  ServiceId: titled("Service ID", "Cirrus's id of the session's service.", {
    "x-ms-visibility": "advanced",
  }),
  ServiceName: titled("Service Name", "The name of the session's service."),
} satisfies Record<string, Schema>;

export const assistantDefinitions = {
  VoiceTranscriptionReadyEventData: {
    type: "object",
    properties: session,
  },
  AssistantTranscriptLine: {
    type: "object",
    properties: {
      Time: field("string", "Time", "When the line was said (UTC).", { format: "date-time" }),
      Speaker: field("string", "Speaker", "Who said it: Customer, Agent or Assistant."),
      Text: field("string", "Text", "What was said."),
    },
  },
  AssistantData: {
    type: "object",
    properties: {
      ...session,
      Modality: titled("Modality", "Audio for a call, InstantMessaging for a chat."),
      Ended: field("string", "Ended", "When the conversation ended (UTC).", {
        format: "date-time",
      }),
      Transcript: {
        type: "array",
        description: "What was said, in order.",
        "x-ms-summary": "Transcript",
        items: ref("AssistantTranscriptLine"),
      },
    },
  },
} satisfies Record<string, Schema>;
