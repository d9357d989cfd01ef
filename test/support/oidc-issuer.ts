/**
 * An OpenID Connect issuer for tests: its signing key's JWKS served on loopback, and access
 * tokens signed with that key (or with another, unknown one).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";

export interface OidcIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string;
  /** A token of the issuer for the audience, with these claims; five minutes by default. */
  sign(claims: JWTPayload, options?: { expiresIn?: string; key?: "other" }): Promise<string>;
  close(): Promise<void>;
}

export async function startOidcIssuer(
  issuer = "https://login.example.test/demo",
  audience = "api://cirrus",
): Promise<OidcIssuer> {
  const trusted = await generateKeyPair("RS256");
  const other = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(trusted.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  const jwks = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
  const { port } = jwks.address() as AddressInfo;
  return {
    issuer,
    audience,
    jwksUrl: `http://127.0.0.1:${port}/keys`,
    sign: (claims, options = {}) =>
      new SignJWT({ iss: issuer, aud: audience, ...claims })
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? "5m")
        .sign(options.key === "other" ? other.privateKey : trusted.privateKey),
    close: () => new Promise((resolve) => jwks.close(() => resolve())),
  };
}
