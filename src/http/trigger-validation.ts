/**
 * Checks a trigger registration the way a flow author needs it explained: which service,
 * event or filter value is wrong, and why its events would never fire.
 */
import { reachesService } from "../domain/access.ts";
import type { DirectoryIndex } from "../domain/directoryIndex.ts";
import { DomainError } from "../domain/errors.ts";
import { directions, type Modality, modalities, type User } from "../domain/model.ts";
import type { SubscriptionFilter } from "../store/subscription-records.ts";
import { requireFlowLicence } from "./connector-services.ts";

export interface TriggerRequest {
  /** The operation registering it, whose roles decide which services the owner reaches. */
  readonly operationId: string;
  readonly services: readonly string[];
  readonly events: readonly string[];
  readonly eventsField: string;
  readonly knownEvents: ReadonlySet<string>;
  readonly modalities?: readonly string[] | undefined;
  readonly directions?: readonly string[] | undefined;
}

function checkValues(
  values: readonly string[] | undefined,
  known: readonly string[],
  field: string,
): void {
  values?.forEach((value, at) => {
    if (!known.includes(value)) {
      throw DomainError.badRequest(`${field}[${at}]`, `${value} is not one of ${known.join(", ")}`);
    }
  });
}

/** The filter to store, or a 400/403 naming the field at fault. */
export function checkTrigger(
  index: DirectoryIndex,
  owner: User,
  request: TriggerRequest,
): SubscriptionFilter {
  request.events.forEach((event, at) => {
    if (!request.knownEvents.has(event)) {
      throw DomainError.badRequest(
        `${request.eventsField}[${at}]`,
        `${event} is not an event of this trigger; see its events lookup`,
      );
    }
  });
  checkValues(request.modalities, modalities, "config.modalities");
  checkValues(request.directions, directions, "config.directions");
  const wanted = (request.modalities?.length ? request.modalities : modalities) as Modality[];
  const services = request.services.map((upn, at) => {
    const field = `config.services[${at}]`;
    const service = index.directory.services.find((s) => s.upn.toLowerCase() === upn.toLowerCase());
    // A service the owner may not see is reported as unknown: its existence is not theirs.
    if (!service || !reachesService(index, owner, request.operationId, service)) {
      throw DomainError.badRequest(field, `no service ${upn} that you may use`);
    }
    requireFlowLicence(service, field, "triggers", upn);
    if (!wanted.some((modality) => service.modalities.includes(modality))) {
      throw DomainError.badRequest(
        field,
        `service ${upn} has no workflow for ${wanted.join(", ")}, so its events would never fire`,
      );
    }
    return service.upn;
  });
  return {
    services,
    events: request.events,
    modalities: request.modalities ?? [],
    directions: request.directions ?? [],
  };
}
