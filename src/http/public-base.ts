/** The base URL clients reach this server at: configured, or taken from a sound request. */
import type { FastifyRequest } from "fastify";
import { DomainError } from "../domain/errors.ts";
import type { HttpConfig } from "./routes/deps.ts";

export function publicBase(request: FastifyRequest, config: HttpConfig): string {
  if (config.publicUrl) return config.publicUrl;
  let url: URL | undefined;
  try {
    url = new URL(`${request.protocol}://${request.host}`);
  } catch {
    url = undefined;
  }
  // `new URL` forgives a few odd forms; insist on one plain host[:port].
  if (
    !url?.hostname ||
    !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(request.host)
  ) {
    throw DomainError.badRequest("host", "the Host header is not a valid host[:port]");
  }
  return url.origin;
}
