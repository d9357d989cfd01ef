/**
 * "Get Data from Virtual User Assistant": the transcript of a session the assistant took part
 * in, once Voice Transcription Ready was raised for it. The log keeps it.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { reachesService } from "../../domain/access.ts";
import { DomainError } from "../../domain/errors.ts";
import type { AssistantEvent } from "../../domain/events.ts";
import { operationAllowed, operationUser } from "../connector-access.ts";
import type { RouteDeps } from "./deps.ts";

const SessionParams = Type.Object({
  ServiceSessionId: Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9._:-]+$" }),
});

export const connectorAssistantRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { engine, store },
) => {
  app.get(
    "/v1/assistant/sessions/:ServiceSessionId",
    {
      schema: { params: SessionParams },
      ...operationAllowed("GetAssistantData"),
    },
    async (request) => {
      const user = operationUser(request.caller, "GetAssistantData");
      const { tenantId } = request.caller;
      const id = request.params.ServiceSessionId;
      const [event] = (await store.readEvents({
        after: 0,
        limit: 1,
        tenantId,
        taskId: id,
        types: ["VoiceTranscriptionReady"],
      })) as unknown as AssistantEvent[];
      const { directory } = engine.requireState(tenantId);
      const service = event && directory.servicesById.get(event.detail.serviceId);
      // A session of a service out of reach does not exist for the caller.
      if (!event || !service || !reachesService(directory, user, "GetAssistantData", service)) {
        throw DomainError.notFound(
          "ServiceSessionId",
          `no transcript for session ${id}; one is ready once Voice Transcription Ready is raised`,
        );
      }
      return {
        ...event.data,
        Modality: event.detail.modality,
        Ended: new Date(event.at).toISOString(),
        Transcript: event.detail.transcript.map((line) => ({
          Time: new Date(line.at).toISOString(),
          Speaker: line.speaker,
          Text: line.text,
        })),
      };
    },
  );
};
