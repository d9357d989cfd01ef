/** API tokens: random, shown once, stored only as their SHA-256. */
import { createHash, randomBytes } from "node:crypto";
import type { Principal, Store } from "../store/port.ts";

const prefix = "cirrus_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken(): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** Stores the token's hash for the principal and returns the token. */
export async function issueToken(
  store: Store,
  principal: Principal,
  now: number,
  token: string = newToken(),
  expiresAt: number | null = null,
): Promise<string> {
  await store.insertToken({
    hash: hashToken(token),
    principal,
    createdAt: now,
    expiresAt,
    revokedAt: null,
  });
  return token;
}

/** How a token is named in lists and revoked: the start of its hash, which reveals nothing. */
export function tokenId(hash: string): string {
  return hash.slice(0, 16);
}
