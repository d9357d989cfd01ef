/**
 * The services a connector caller may use for an operation: reached by one of their roles
 * that may execute it, licensed for flows, and taking the modality the operation creates.
 */
import { licenceHasTriggers, reachesService } from "../domain/access.ts";
import type { DirectoryIndex } from "../domain/directoryIndex.ts";
import { DomainError } from "../domain/errors.ts";
import type { Modality, Service, User } from "../domain/model.ts";

export function usableServices(
  index: DirectoryIndex,
  user: User,
  operationId: string,
  modality: Modality,
): Service[] {
  return index.directory.services.filter(
    (s) =>
      licenceHasTriggers(s) &&
      s.modalities.includes(modality) &&
      reachesService(index, user, operationId, s),
  );
}

/**
 * A 403 naming `field` unless the service's licence includes flows (Enterprise Routing or
 * Contact Center); `named` is how the request called it.
 */
export function requireFlowLicence(
  service: Service,
  field: string,
  purpose: "triggers" | "flow actions",
  named = service.upn,
): void {
  if (!licenceHasTriggers(service)) {
    throw new DomainError(
      "forbidden",
      `service ${named} is licensed for ${service.licence}; ${purpose} need Enterprise Routing or Contact Center`,
      field,
    );
  }
}

/**
 * The service a request names, or the answer a flow author needs: unknown or out of reach
 * (one answer: its existence is not theirs to learn), licence too low, modality not taken.
 */
export function usableService(
  index: DirectoryIndex,
  user: User,
  operationId: string,
  upn: string,
  modality: Modality,
  field: string,
  /** What the operation's definition declares for a service the caller may not use. */
  refusedAs: "forbidden" | "badRequest" = "forbidden",
): Service {
  const service = index.findService(upn);
  // Unknown and out of reach look alike, so that the answer does not tell which UPNs exist.
  if (!service || !reachesService(index, user, operationId, service)) {
    const message = `no service ${upn} that you may use`;
    throw refusedAs === "forbidden"
      ? new DomainError("forbidden", message, field)
      : DomainError.badRequest(field, message);
  }
  requireFlowLicence(service, field, "flow actions");
  if (!service.modalities.includes(modality)) {
    throw DomainError.badRequest(field, `service ${service.upn} takes no ${modality} tasks`);
  }
  return service;
}

/** Context parameters need a name that is more than spaces, as Update task says. */
export function checkParameterNames(
  parameters: readonly { readonly name: string }[] | undefined,
  field: string,
): void {
  parameters?.forEach(({ name }, at) => {
    if (name.trim() === "") {
      throw DomainError.badRequest(`${field}[${at}].name`, "a parameter needs a name");
    }
  });
}
