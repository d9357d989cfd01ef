/**
 * Organisation units: the tree as far as the caller reaches, new units, renames, moves
 * (never inside themselves, never the root) and deletions of empty units. OU Admins change
 * only the units strictly below their own.
 */
import { randomUUID } from "node:crypto";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { isWithin } from "../../domain/access.ts";
import { DomainError } from "../../domain/errors.ts";
import type { OrgUnit } from "../../domain/model.ts";
import { OrgUnitBody, OrgUnitChange, OrgUnitIdParams } from "../admin-directory-schemas.ts";
import { directoryOf, reaches, requireBelow, unitInReach } from "../admin-reach.ts";
import { audit } from "../audit.ts";
import type { Caller } from "../auth.ts";
import { changes, whatUnitHolds } from "../directory-changes.ts";
import { orgUnitView } from "../directory-views.ts";
import { serially } from "../directory-writes.ts";
import { reviewFlowOwners } from "../flow-owners.ts";
import type { RouteDeps } from "./deps.ts";

export const adminOrgUnitRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { engine } = deps;
  const current = (caller: Caller) => directoryOf(engine, caller);

  app.get("/org-units", async (request) => {
    const { index, directory, reach } = current(request.caller);
    const units = directory.orgUnits.filter((unit) => reaches(reach, index, unit.id));
    return { orgUnits: units.map(orgUnitView) };
  });

  app.post("/org-units", { schema: { body: OrgUnitBody } }, async (request, reply) => {
    const { name, parentId } = request.body;
    const unit = await serially(engine, async () => {
      const { index, directory, reach } = current(request.caller);
      unitInReach(reach, index, parentId, "parentId");
      const created: OrgUnit = {
        id: `ou-${randomUUID()}`,
        tenantId: directory.tenant.id,
        parentId,
        name,
      };
      await engine.provision({ ...directory, orgUnits: [...directory.orgUnits, created] });
      await audit(engine, request.caller, "orgUnit.create", created.id, { name, parentId });
      return created;
    });
    return reply.code(201).send(orgUnitView(unit));
  });

  app.patch(
    "/org-units/:orgUnitId",
    { schema: { params: OrgUnitIdParams, body: OrgUnitChange } },
    async (request) => {
      const { name, parentId } = request.body;
      const { tenantId } = request.caller;
      return serially(engine, async () => {
        const { index, directory, reach } = current(request.caller);
        const unit = unitInReach(reach, index, request.params.orgUnitId, "orgUnitId");
        requireBelow(reach, index, unit.id);
        if (parentId !== undefined && parentId !== unit.parentId) {
          if (unit.parentId === null) {
            throw DomainError.badRequest("parentId", "the root unit stays the root");
          }
          unitInReach(reach, index, parentId, "parentId");
          if (isWithin(index, parentId, unit.id)) {
            throw DomainError.badRequest(
              "parentId",
              `${parentId} lies within ${unit.id}: a unit cannot move inside itself`,
            );
          }
        }
        const updated: OrgUnit = {
          ...unit,
          name: name ?? unit.name,
          parentId: parentId ?? unit.parentId,
        };
        const orgUnits = directory.orgUnits.map((ou) => (ou.id === unit.id ? updated : ou));
        await engine.provision({ ...directory, orgUnits });
        await audit(
          engine,
          request.caller,
          "orgUnit.update",
          unit.id,
          changes(unit, updated, ["name", "parentId"]),
        );
        // A move changes what the roles granted above and below it reach.
        if (updated.parentId !== unit.parentId) await reviewFlowOwners(deps, tenantId);
        return orgUnitView(updated);
      });
    },
  );

  app.delete(
    "/org-units/:orgUnitId",
    { schema: { params: OrgUnitIdParams } },
    async (request, reply) => {
      await serially(engine, async () => {
        const { index, directory, reach } = current(request.caller);
        const unit = unitInReach(reach, index, request.params.orgUnitId, "orgUnitId");
        if (unit.parentId === null) {
          throw DomainError.conflict("the root unit cannot be deleted", "orgUnitId");
        }
        requireBelow(reach, index, unit.id);
        const held = whatUnitHolds(directory, unit.id);
        if (held !== undefined) {
          throw DomainError.conflict(`${unit.id} still holds ${held}`, "orgUnitId");
        }
        const orgUnits = directory.orgUnits.filter((ou) => ou.id !== unit.id);
        await engine.provision({ ...directory, orgUnits });
        await audit(engine, request.caller, "orgUnit.delete", unit.id, {
          name: unit.name,
          parentId: unit.parentId,
        });
      });
      return reply.code(204).send();
    },
  );
};
