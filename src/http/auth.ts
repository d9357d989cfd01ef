/**
 * Bearer authentication and the coarse access rules of the API surfaces: the ingress API is
 * for gateways and tenant administrators, the agent API for users, the admin API for tenant
 * administrators.
 */
import type { FastifyRequest } from "fastify";
import { DomainError } from "../domain/errors.ts";
import { holdsRole, type User } from "../domain/model.ts";
import type { Clock } from "../engine/clock.ts";
import type { Engine } from "../engine/engine.ts";
import type { Principal, Store, TokenRecord } from "../store/port.ts";
import { looksLikeJwt, type OidcSettings, oidcVerifier, type TokenIdentity } from "./oidc.ts";
import { hashToken } from "./tokens.ts";

export interface Caller {
  readonly principal: Principal;
  readonly tenantId: string;
  /** The user behind the token, when it is a user's. */
  readonly user: User | undefined;
  /** The hash of the Cirrus token presented; none for an OpenID Connect access token. */
  readonly tokenHash?: string;
  /** When the token stops working, if it does. */
  readonly expiresAt: number | null;
}

export class Authenticator {
  readonly #store: Store;
  readonly #engine: Engine;
  readonly #clock: Clock;
  readonly #cache = new Map<string, TokenRecord>();

  readonly #verifyJwt: ((token: string) => Promise<TokenIdentity>) | undefined;

  constructor(store: Store, engine: Engine, clock: Clock, oidc?: OidcSettings) {
    this.#store = store;
    this.#engine = engine;
    this.#clock = clock;
    this.#verifyJwt = oidc && oidcVerifier(oidc);
  }

  /**
   * The user an access token speaks for, in whichever tenant has them. A partner account is
   * recognised by its home tenant: when the token names the directory that issued it, that
   * must be the partner's own.
   */
  #userOf({ upn, issuingTenant, expiresAt }: TokenIdentity): Caller {
    const holders = this.#engine
      .tenantIds()
      .filter((id) => this.#engine.state(id)?.directory.usersByUpn.has(upn.toLowerCase()));
    // A UPN in several tenants (a partner helping two customers) says nothing of which one.
    if (holders.length > 1) {
      throw new DomainError(
        "unauthorized",
        `${upn} is a user in ${holders.length} tenants; use a Cirrus token of the tenant`,
        "authorization",
      );
    }
    for (const tenantId of holders) {
      const user = this.#engine.state(tenantId)?.directory.usersByUpn.get(upn.toLowerCase());
      if (!user) continue;
      if (
        user.homeTenant !== undefined &&
        issuingTenant !== undefined &&
        issuingTenant !== user.homeTenant
      ) {
        throw new DomainError(
          "unauthorized",
          `${upn} is a partner account of ${user.homeTenant}; the token was issued by ${issuingTenant}`,
          "authorization",
        );
      }
      return {
        principal: { kind: "user", tenantId, userId: user.id },
        tenantId,
        user,
        expiresAt,
      };
    }
    throw new DomainError("unauthorized", `no user ${upn} in Cirrus`, "authorization");
  }

  /** A token revoked through this server stops working at once. */
  forget(hash: string): void {
    this.#cache.delete(hash);
  }

  async authenticate(request: FastifyRequest): Promise<Caller> {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match?.[1]) {
      throw new DomainError("unauthorized", "a bearer token is required", "authorization");
    }
    if (this.#verifyJwt && looksLikeJwt(match[1])) {
      return this.#userOf(await this.#verifyJwt(match[1]));
    }
    const hash = hashToken(match[1]);
    let token = this.#cache.get(hash);
    if (!token) {
      token = await this.#store.findToken(hash);
      if (!token) throw new DomainError("unauthorized", "unknown token", "authorization");
      this.#cache.set(hash, token);
    }
    if (token.revokedAt !== null) {
      throw new DomainError("unauthorized", "the token has been revoked", "authorization");
    }
    if (token.expiresAt !== null && token.expiresAt <= this.#clock.now()) {
      throw new DomainError("unauthorized", "the token has expired", "authorization");
    }
    const { principal } = token;
    const state = this.#engine.state(principal.tenantId);
    if (!state)
      throw new DomainError("unauthorized", "the token's tenant is gone", "authorization");
    const user =
      principal.kind === "user" ? state.directory.usersById.get(principal.userId) : undefined;
    if (principal.kind === "user" && !user) {
      throw new DomainError("unauthorized", "the token's user is gone", "authorization");
    }
    return {
      principal,
      tenantId: principal.tenantId,
      user,
      tokenHash: hash,
      expiresAt: token.expiresAt,
    };
  }
}

export function requireAdmin(caller: Caller): User {
  if (!caller.user || !holdsRole(caller.user, "TenantAdmin")) {
    throw new DomainError("forbidden", "this needs the Tenant Admin role", "authorization");
  }
  return caller.user;
}

export function requireUser(caller: Caller): User {
  if (!caller.user) {
    throw new DomainError("forbidden", "this needs a user's token", "authorization");
  }
  return caller.user;
}

export function requireGateway(caller: Caller): void {
  if (caller.principal.kind === "gateway") return;
  requireAdmin(caller);
}
