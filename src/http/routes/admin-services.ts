/**
 * Services: new ones, edits (members and owners replace the lists; new ones must be within
 * reach), deletions once no task of theirs is live, and licences, which only Tenant and
 * Partner Admins set. Routing stays the Tenant Admin's (./admin.ts).
 */
import { randomUUID } from "node:crypto";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { DomainError } from "../../domain/errors.ts";
import { defaultRouting, type Service } from "../../domain/model.ts";
import { LicenceBody, ServiceBody, ServiceChange } from "../admin-directory-schemas.ts";
import {
  directoryOf,
  requireTenantWide,
  requireUsersInReach,
  serviceInReach,
  unitInReach,
} from "../admin-reach.ts";
import { audit } from "../audit.ts";
import type { Caller } from "../auth.ts";
import { changes, requireFreeTelNumber, requireFreeUpn } from "../directory-changes.ts";
import { serviceView } from "../directory-views.ts";
import { serially } from "../directory-writes.ts";
import { reviewFlowOwners } from "../flow-owners.ts";
import { ServiceIdParams } from "../schemas.ts";
import { mergeRouting } from "./admin.ts";
import type { RouteDeps } from "./deps.ts";

export const adminServiceRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { engine, store } = deps;
  const current = (caller: Caller) => directoryOf(engine, caller);

  app.post("/services", { schema: { body: ServiceBody } }, async (request, reply) => {
    const { body } = request;
    const { tenantId } = request.caller;
    const view = await serially(engine, async () => {
      const { index, directory, reach } = current(request.caller);
      unitInReach(reach, index, body.orgUnitId, "orgUnitId");
      if (body.licence !== undefined) requireTenantWide(reach, "licence", "a licence");
      if (body.virtualAssistant !== undefined) {
        requireTenantWide(reach, "virtualAssistant", "the virtual user assistant");
      }
      if (body.routing !== undefined && reach.kind !== "tenant") {
        throw new DomainError("forbidden", "routing needs the Tenant Admin role", "routing");
      }
      requireFreeUpn(index, body.upn);
      requireFreeTelNumber(directory, body.telNumber ?? "");
      requireUsersInReach(reach, index, body.members ?? [], [], "members");
      requireUsersInReach(reach, index, body.owners ?? [], [], "owners");
      const created: Service = {
        id: `service-${randomUUID()}`,
        tenantId: directory.tenant.id,
        orgUnitId: body.orgUnitId,
        upn: body.upn,
        name: body.name,
        displayName: body.displayName,
        description: body.description ?? "",
        telNumber: body.telNumber ?? "",
        licence: body.licence ?? "BasicRouting",
        modalities: body.modalities,
        members: body.members ?? [],
        ...(body.owners === undefined ? {} : { owners: body.owners }),
        routing: mergeRouting(defaultRouting, body.routing ?? {}),
        ...(body.virtualAssistant ? { virtualAssistant: true } : {}),
      };
      await engine.provision({ ...directory, services: [...directory.services, created] });
      await audit(engine, request.caller, "service.create", created.id, {
        upn: created.upn,
        orgUnitId: created.orgUnitId,
        licence: created.licence,
      });
      if (body.owners !== undefined) await reviewFlowOwners(deps, tenantId);
      return serviceView(engine.requireState(tenantId).directory, created);
    });
    return reply.code(201).send(view);
  });

  app.patch(
    "/services/:serviceId",
    { schema: { params: ServiceIdParams, body: ServiceChange } },
    async (request) => {
      const { body } = request;
      const { tenantId } = request.caller;
      return serially(engine, async () => {
        const { index, directory, reach } = current(request.caller);
        const service = serviceInReach(reach, index, request.params.serviceId, "serviceId");
        // Transcribing every call is the tenant's decision, like its licence.
        if (body.virtualAssistant !== undefined) {
          requireTenantWide(reach, "virtualAssistant", "the virtual user assistant");
        }
        if (body.orgUnitId !== undefined) unitInReach(reach, index, body.orgUnitId, "orgUnitId");
        if (body.telNumber !== undefined)
          requireFreeTelNumber(directory, body.telNumber, service.id);
        if (body.members)
          requireUsersInReach(reach, index, body.members, service.members, "members");
        if (body.owners) {
          requireUsersInReach(reach, index, body.owners, service.owners ?? [], "owners");
        }
        const updated: Service = {
          ...service,
          ...(body.displayName === undefined ? {} : { displayName: body.displayName }),
          ...(body.description === undefined ? {} : { description: body.description }),
          ...(body.telNumber === undefined ? {} : { telNumber: body.telNumber }),
          ...(body.orgUnitId === undefined ? {} : { orgUnitId: body.orgUnitId }),
          ...(body.modalities === undefined ? {} : { modalities: body.modalities }),
          ...(body.members === undefined ? {} : { members: body.members }),
          ...(body.owners === undefined ? {} : { owners: body.owners }),
          ...(body.virtualAssistant === undefined
            ? {}
            : { virtualAssistant: body.virtualAssistant }),
        };
        const services = directory.services.map((s) => (s.id === service.id ? updated : s));
        await engine.provision({ ...directory, services });
        await audit(
          engine,
          request.caller,
          "service.update",
          service.id,
          changes(service, updated, [
            "displayName",
            "description",
            "telNumber",
            "orgUnitId",
            "modalities",
            "members",
            "owners",
            "virtualAssistant",
          ]),
        );
        // Owners and the unit decide who reaches the service.
        if (body.owners !== undefined || updated.orgUnitId !== service.orgUnitId) {
          await reviewFlowOwners(deps, tenantId);
        }
        return serviceView(engine.requireState(tenantId).directory, updated);
      });
    },
  );

  app.delete(
    "/services/:serviceId",
    { schema: { params: ServiceIdParams } },
    async (request, reply) => {
      const { tenantId } = request.caller;
      await serially(engine, async () => {
        const { index, directory, reach } = current(request.caller);
        const service = serviceInReach(reach, index, request.params.serviceId, "serviceId");
        const state = engine.requireState(tenantId);
        const live = [...state.tasks.values()].filter((task) => task.serviceId === service.id);
        if (live.length > 0) {
          throw DomainError.conflict(
            `${service.upn} has ${live.length} live task(s); try again once they end`,
            "serviceId",
          );
        }
        const planned = state.entriesPerService.get(service.id) ?? 0;
        if (planned > 0) {
          throw DomainError.conflict(
            `${service.upn} has ${planned} scheduled outbound call(s); remove them first`,
            "serviceId",
          );
        }
        const services = directory.services.filter((s) => s.id !== service.id);
        await engine.provision({ ...directory, services });
        // Its workflow assignments go with it.
        const assignments = await store.listWorkflowAssignments(tenantId);
        const own = assignments.filter((assignment) => assignment.serviceId === service.id);
        for (const assignment of own) {
          await store.assignWorkflow(tenantId, service.id, assignment.modality, null);
        }
        if (own.length > 0) await engine.reloadWorkflows(tenantId);
        await audit(engine, request.caller, "service.delete", service.id, {
          upn: service.upn,
          orgUnitId: service.orgUnitId,
          licence: service.licence,
        });
        // Flows that named it have lost it.
        await reviewFlowOwners(deps, tenantId);
      });
      return reply.code(204).send();
    },
  );

  // Licences are their own operation: Tenant and Partner Admins only.
  app.put(
    "/services/:serviceId/licence",
    { schema: { params: ServiceIdParams, body: LicenceBody } },
    async (request) => {
      const { licence } = request.body;
      const { tenantId } = request.caller;
      return serially(engine, async () => {
        const { index, directory, reach } = current(request.caller);
        requireTenantWide(reach, "authorization", "a service's licence");
        const service = serviceInReach(reach, index, request.params.serviceId, "serviceId");
        const updated: Service = { ...service, licence };
        const services = directory.services.map((s) => (s.id === service.id ? updated : s));
        await engine.provision({ ...directory, services });
        await audit(engine, request.caller, "service.licence", service.id, {
          from: service.licence,
          to: licence,
        });
        return serviceView(engine.requireState(tenantId).directory, updated);
      });
    },
  );
};
