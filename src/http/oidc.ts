/**
 * OpenID Connect access tokens, when configured: a JWT signed by the issuer's keys (its JWKS,
 * fetched and cached by `jose`), for the configured audience, not expired. The user is the
 * one whose UPN the configured claim holds — the same UPN roles are granted to. When a
 * tenant claim is configured (`tid` in Entra ID), the token also says which directory issued
 * it: a partner account must come from its home tenant.
 */
import { createRemoteJWKSet, errors, jwtVerify } from "jose";
import { DomainError } from "../domain/errors.ts";

export interface OidcSettings {
  readonly issuer: string;
  readonly audience: string;
  /** Where the issuer publishes its keys. */
  readonly jwksUrl: string;
  /** The claim that holds the user's UPN; `upn` unless set. */
  readonly upnClaim?: string;
  /** The claim naming the directory that issued the token, e.g. `tid`; not read unless set. */
  readonly tenantClaim?: string;
}

/** Who an access token speaks for, and which directory issued it when that is configured. */
export interface TokenIdentity {
  readonly upn: string;
  readonly issuingTenant: string | undefined;
  /** When the token stops being valid (its `exp`, in ms), or null when it has none. */
  readonly expiresAt: number | null;
}

/** Three base64url parts: what a JWT looks like, as opposed to a Cirrus token. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

/** Verifies access tokens and answers whom they speak for; a 401 naming why otherwise. */
export function oidcVerifier(settings: OidcSettings): (token: string) => Promise<TokenIdentity> {
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl));
  const claim = settings.upnClaim ?? "upn";
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
      });
      const upn = payload[claim];
      if (typeof upn !== "string" || upn === "") {
        throw new DomainError(
          "unauthorized",
          `the access token has no ${claim} claim`,
          "authorization",
        );
      }
      const expiresAt = typeof payload.exp === "number" ? payload.exp * 1000 : null;
      const tenantClaim = settings.tenantClaim;
      if (tenantClaim === undefined) return { upn, issuingTenant: undefined, expiresAt };
      const issuingTenant = payload[tenantClaim];
      if (typeof issuingTenant !== "string" || issuingTenant === "") {
        throw new DomainError(
          "unauthorized",
          `the access token has no ${tenantClaim} claim`,
          "authorization",
        );
      }
      return { upn, issuingTenant, expiresAt };
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new DomainError(
        "unauthorized",
        `the access token is refused: ${reason(error)}`,
        "authorization",
      );
    }
  };
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "it has expired";
  if (error instanceof errors.JWTClaimValidationFailed) return `its ${error.claim} claim is wrong`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "its signature is invalid";
  if (error instanceof errors.JWKSNoMatchingKey) return "no key of the issuer signed it";
  return error instanceof Error ? error.message : String(error);
}
