/**
 * The virtual user assistant's trigger and action, beyond the certified connector and in its
 * style: "When the virtual user assistant has an update" posts Voice Transcription Ready when
 * a conversation the assistant took part in ends; "Get Data from Virtual User Assistant"
 * fetches its transcript.
 */
import { failures, type Paths, pathParameter, ref } from "./openapi.ts";
import { choice, deleteTrigger, registration } from "./paths-triggers.ts";

export const assistantPaths: Paths = {
  "/v1/triggers/assistant": {
    "x-ms-notification-content": {
      description: "The session whose transcript is ready.",
      schema: ref("VoiceTranscriptionReadyEventData"),
    },
    post: {
      tags: ["Hooks"],
      summary: "When the virtual user assistant has an update",
      description:
        "Runs the flow when a call or chat of the chosen services that the virtual user " +
        "assistant took part in has ended and its transcript is ready.",
      operationId: "RegisterAssistantTrigger",
      "x-ms-trigger": "single",
      parameters: registration("Request body of the trigger", null, {
        services: choice(
          "Services",
          "UPNs of the services whose assistant is watched.",
          { operationId: "GetServices" },
          { important: true, atLeastOne: true },
        ),
      }),
      responses: {
        201: { description: "Cirrus registered the subscription." },
        ...failures(400, 401, 403, 500, 504),
      },
    },
  },
  "/v1/triggers/assistant/{triggerId}": {
    delete: deleteTrigger("DeleteAssistantTrigger", "virtual user assistant"),
  },
  "/v1/assistant/sessions/{ServiceSessionId}": {
    get: {
      summary: "Get Data from Virtual User Assistant",
      description: "The transcript of a session the virtual user assistant took part in.",
      operationId: "GetAssistantData",
      "x-ms-summary": "Get Data from Virtual User Assistant",
      parameters: [
        pathParameter("ServiceSessionId", {
          description: "The Service Session ID that Voice Transcription Ready carried.",
          "x-ms-summary": "Service Session ID",
        }),
      ],
      responses: {
        200: { description: "The session and its transcript.", schema: ref("AssistantData") },
        ...failures(401, 403, 404, 500, 504),
      },
    },
  },
};
