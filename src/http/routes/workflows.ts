/**
 * Workflows for the tenant's administrators: create, read, update (a new version), delete,
 * and assign one per service and modality. Every document is validated first; a refused one
 * is answered with every problem, by node and field.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { DomainError } from "../../domain/errors.ts";
import { type Modality, modalities } from "../../domain/model.ts";
import type { WorkflowDefinition } from "../../domain/workflow/definition.ts";
import { WorkflowRejected } from "../../domain/workflow/rejected.ts";
import { hasErrors, validateWorkflow } from "../../domain/workflow/validate.ts";
import type { WorkflowRecord } from "../../store/workflow-records.ts";
import { audit } from "../audit.ts";
import { requireAdmin } from "../auth.ts";
import type { RouteDeps } from "./deps.ts";

const id = Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9._:-]+$" });
const DocumentBody = Type.Object({ document: Type.Unknown() }, { additionalProperties: false });
const IdParams = Type.Object({ id });
/** Versions are a 32-bit column. */
const VersionQuery = Type.Object({
  version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
});
const AssignmentParams = Type.Object({ serviceId: id, modality: Type.Enum([...modalities]) });
const AssignmentBody = Type.Object({ workflowId: id }, { additionalProperties: false });

/** The document if it is valid, else every problem. */
function checked(document: unknown): { workflow: WorkflowDefinition; warnings: unknown[] } {
  const { workflow, problems } = validateWorkflow(document);
  if (!workflow || hasErrors(problems)) throw new WorkflowRejected(problems);
  return { workflow, warnings: problems };
}

/** The newest version of each workflow. */
function latest(versions: readonly WorkflowRecord[]): Map<string, WorkflowRecord> {
  const newest = new Map<string, WorkflowRecord>();
  for (const record of versions) {
    const known = newest.get(record.id);
    if (!known || known.version < record.version) newest.set(record.id, record);
  }
  return newest;
}

export const workflowRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { engine, store, clock } = deps;
  app.addHook("preHandler", async (request) => {
    requireAdmin(request.caller);
  });

  const summary = (record: WorkflowRecord, assignedTo: readonly unknown[]) => {
    const document = record.document as WorkflowDefinition;
    return {
      id: record.id,
      name: document.name,
      modality: document.modality,
      version: record.version,
      createdAt: new Date(record.createdAt).toISOString(),
      assignedTo,
    };
  };

  async function assignmentsOf(tenantId: string, workflowId: string) {
    const all = await store.listWorkflowAssignments(tenantId);
    return all
      .filter((a) => a.workflowId === workflowId)
      .map((a) => ({ serviceId: a.serviceId, modality: a.modality }));
  }

  async function newest(tenantId: string, workflowId: string): Promise<WorkflowRecord> {
    const found = latest(await store.listWorkflowVersions(tenantId)).get(workflowId);
    if (!found) throw DomainError.notFound("id", `no workflow ${workflowId}`);
    return found;
  }

  async function save(tenantId: string, workflow: WorkflowDefinition, version: number) {
    const record: WorkflowRecord = {
      tenantId,
      id: workflow.id,
      version,
      document: { ...workflow, version },
      createdAt: clock.now(),
    };
    await store.insertWorkflowVersion(record);
    return record;
  }

  app.post("/workflows", { schema: { body: DocumentBody } }, async (request, reply) => {
    const { tenantId } = request.caller;
    const { workflow, warnings } = checked(request.body.document);
    const exists = latest(await store.listWorkflowVersions(tenantId)).has(workflow.id);
    if (exists) {
      throw DomainError.conflict(
        `workflow ${workflow.id} exists; update it instead`,
        "document.id",
      );
    }
    const record = await save(tenantId, workflow, 1);
    await engine.reloadWorkflows(tenantId);
    await audit(engine, request.caller, "workflow.create", record.id, { version: 1 });
    return reply
      .code(201)
      .header("location", `/api/admin/workflows/${encodeURIComponent(record.id)}`)
      .send({ ...summary(record, []), warnings });
  });

  app.get("/workflows", async (request) => {
    const { tenantId } = request.caller;
    const assignments = await store.listWorkflowAssignments(tenantId);
    const records = [...latest(await store.listWorkflowVersions(tenantId)).values()];
    return {
      workflows: records.map((record) =>
        summary(
          record,
          assignments
            .filter((a) => a.workflowId === record.id)
            .map((a) => ({ serviceId: a.serviceId, modality: a.modality })),
        ),
      ),
    };
  });

  app.get(
    "/workflows/:id",
    { schema: { params: IdParams, querystring: VersionQuery } },
    async (request) => {
      const { tenantId } = request.caller;
      const versions = (await store.listWorkflowVersions(tenantId)).filter(
        (r) => r.id === request.params.id,
      );
      const wanted = request.query.version;
      const record =
        wanted === undefined ? versions.at(-1) : versions.find((r) => r.version === wanted);
      if (!record) {
        throw DomainError.notFound(
          wanted === undefined ? "id" : "version",
          "no such workflow version",
        );
      }
      return {
        ...summary(record, await assignmentsOf(tenantId, record.id)),
        versions: versions.map((r) => r.version),
        document: record.document,
      };
    },
  );

  app.put(
    "/workflows/:id",
    { schema: { params: IdParams, body: DocumentBody } },
    async (request) => {
      const { tenantId } = request.caller;
      const current = await newest(tenantId, request.params.id);
      const { workflow, warnings } = checked(request.body.document);
      if (workflow.id !== current.id) {
        throw DomainError.badRequest("document.id", `must be ${current.id}, the workflow updated`);
      }
      const assigned = await assignmentsOf(tenantId, current.id);
      const before = (current.document as WorkflowDefinition).modality;
      if (assigned.length > 0 && workflow.modality !== before) {
        throw DomainError.conflict(
          `workflow ${current.id} runs ${before} for ${assigned.length} service(s); unassign it to change its modality`,
          "document.modality",
        );
      }
      const record = await save(tenantId, workflow, current.version + 1);
      // Services it is assigned to run the new version from their next task on.
      await engine.reloadWorkflows(tenantId);
      await audit(engine, request.caller, "workflow.update", record.id, {
        version: record.version,
      });
      return { ...summary(record, assigned), warnings };
    },
  );

  app.delete("/workflows/:id", { schema: { params: IdParams } }, async (request, reply) => {
    const { tenantId } = request.caller;
    const current = await newest(tenantId, request.params.id);
    const assigned = await assignmentsOf(tenantId, current.id);
    if (assigned.length > 0) {
      throw DomainError.conflict(`workflow ${current.id} is assigned; unassign it first`, "id");
    }
    const running = engine.tasksRunning(tenantId, current.id);
    if (running > 0) {
      throw DomainError.conflict(
        `workflow ${current.id} still runs ${running} live task(s); delete it once they end`,
        "id",
      );
    }
    await store.deleteWorkflow(tenantId, current.id);
    await engine.reloadWorkflows(tenantId);
    await audit(engine, request.caller, "workflow.delete", current.id);
    return reply.code(204).send();
  });

  app.put(
    "/services/:serviceId/workflows/:modality",
    { schema: { params: AssignmentParams, body: AssignmentBody } },
    async (request) => {
      const { tenantId } = request.caller;
      const { serviceId } = request.params;
      const modality = request.params.modality as Modality;
      const service = engine.state(tenantId)?.directory.servicesById.get(serviceId);
      if (!service) throw DomainError.notFound("serviceId", `no service ${serviceId}`);
      if (!service.modalities.includes(modality)) {
        throw DomainError.invalid(
          "modality",
          `service ${service.upn} does not take ${modality} tasks`,
        );
      }
      const record = await newest(tenantId, request.body.workflowId).catch(() => {
        throw DomainError.notFound("workflowId", `no workflow ${request.body.workflowId}`);
      });
      const document = record.document as WorkflowDefinition;
      if (document.modality !== modality) {
        throw DomainError.invalid(
          "workflowId",
          `workflow ${record.id} is for ${document.modality}, not ${modality}`,
        );
      }
      await store.assignWorkflow(tenantId, serviceId, modality, record.id);
      await engine.reloadWorkflows(tenantId);
      await audit(engine, request.caller, "workflow.assign", serviceId, {
        modality,
        workflowId: record.id,
      });
      return { serviceId, modality, workflowId: record.id, version: record.version };
    },
  );

  app.delete(
    "/services/:serviceId/workflows/:modality",
    { schema: { params: AssignmentParams } },
    async (request, reply) => {
      const { tenantId } = request.caller;
      const { serviceId } = request.params;
      if (!engine.state(tenantId)?.directory.servicesById.has(serviceId)) {
        throw DomainError.notFound("serviceId", `no service ${serviceId}`);
      }
      await store.assignWorkflow(tenantId, serviceId, request.params.modality as Modality, null);
      await engine.reloadWorkflows(tenantId);
      await audit(engine, request.caller, "workflow.unassign", serviceId, {
        modality: request.params.modality,
      });
      return reply.code(204).send();
    },
  );
};
