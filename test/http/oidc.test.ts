/**
 * OpenID Connect access tokens against a JWKS served on loopback by the test: a token of the
 * issuer, for the audience, naming a user's UPN in the configured claim, acts as that user
 * (and their role); an expired one, one for another audience or issuer, one signed by an
 * unknown key, one without the claim or naming nobody are refused with 401 saying why.
 * Cirrus tokens keep working beside them. With a tenant claim configured, a partner account
 * is recognised: its token must come from its home tenant, and the connector tells it that
 * it needs an account of the customer tenant.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer } from "../support/in-process-server.ts";
import { type OidcIssuer, startOidcIssuer } from "../support/oidc-issuer.ts";

const issuer = "https://login.example.test/demo";
const audience = "api://cirrus";

describe("OpenID Connect access tokens", () => {
  let oidc: OidcIssuer;
  let server: TestServer;
  let sign: OidcIssuer["sign"];

  before(async () => {
    oidc = await startOidcIssuer(issuer, audience);
    server = await startTestServer(undefined, {
      oidc: {
        issuer,
        audience,
        jwksUrl: oidc.jwksUrl,
        upnClaim: "preferred_username",
        tenantClaim: "tid",
      },
    });
    sign = (claims, options) => oidc.sign({ tid: "demo-directory", ...claims }, options);
  });
  after(async () => {
    await server.close();
    await oidc.close();
  });

  const presence = (token: string) =>
    server.api.request<{ field?: string; detail?: string }>("PUT", "/api/agent/presence", token, {
      status: "Away",
    });

  it("acts as the user the claim names, with their role", async () => {
    const alice = await sign({ preferred_username: "Alice@demo.cirrus.test" });
    assert.equal((await presence(alice)).status, 200);
    const admin = await sign({ preferred_username: "admin@demo.cirrus.test" });
    const services = await server.api.request("GET", "/api/admin/services", admin);
    assert.equal(services.status, 200, "the tenant admin's role comes with the UPN");
    const forbidden = await server.api.request("GET", "/api/admin/services", alice);
    assert.equal(forbidden.status, 403);
    assert.equal((await presence(server.adminToken)).status, 200, "Cirrus tokens still work");
  });

  it("refuses tokens that are expired, for others, badly signed, or name nobody", async () => {
    const refusals: [string, string, RegExp][] = [
      [
        "expired",
        await sign({ preferred_username: "alice@demo.cirrus.test" }, { expiresIn: "-1m" }),
        /expired/,
      ],
      [
        "audience",
        await sign({ preferred_username: "alice@demo.cirrus.test", aud: "api://other" }),
        /aud/,
      ],
      [
        "issuer",
        await sign({ preferred_username: "alice@demo.cirrus.test", iss: "https://evil.test" }),
        /iss/,
      ],
      [
        "key",
        await sign({ preferred_username: "alice@demo.cirrus.test" }, { key: "other" }),
        /signature|key/,
      ],
      ["claim", await sign({ upn: "alice@demo.cirrus.test" }), /preferred_username/],
      ["nobody", await sign({ preferred_username: "ghost@demo.cirrus.test" }), /no user ghost/],
      [
        "issuing tenant",
        await sign({ preferred_username: "alice@demo.cirrus.test", tid: undefined }),
        /no tid claim/,
      ],
      [
        "partner from elsewhere",
        await sign({ preferred_username: "paula@partner.cirrus.test" }),
        /partner account of partner; the token was issued by demo-directory/,
      ],
    ];
    for (const [what, token, why] of refusals) {
      const refused = await presence(token);
      assert.equal(refused.status, 401, what);
      assert.equal(refused.body.field, "authorization", what);
      assert.match(refused.body.detail ?? "", why, what);
    }
  });

  it("recognises a partner account from its home tenant, and keeps it out of the connector", async () => {
    const paula = await sign({ preferred_username: "paula@partner.cirrus.test", tid: "partner" });
    const connector = await server.api.request<{ field?: string; detail?: string }>(
      "GET",
      "/v1/tasks/service-contacts",
      paula,
    );
    assert.equal(connector.status, 403);
    assert.equal(connector.body.field, "authorization");
    assert.match(
      connector.body.detail ?? "",
      /paula@partner.cirrus.test is a partner account of partner/,
    );
    const frank = await sign({ preferred_username: "frank@demo.cirrus.test" });
    const services = await server.api.request<string[]>("GET", "/v1/tasks/service-contacts", frank);
    assert.deepEqual(services.body, ["sales@demo.cirrus.test"], "the tenant's own accounts act");
  });

  it("refuses a UPN that is a user in two tenants rather than guess which", async () => {
    // The partner now helps a second customer too.
    await server.engine.provision({
      tenant: { id: "second", name: "Second Customer" },
      orgUnits: [{ id: "root", tenantId: "second", parentId: null, name: "Second" }],
      users: [
        {
          id: "admin",
          tenantId: "second",
          orgUnitId: "root",
          upn: "admin@second.example",
          email: "admin@second.example",
          objectId: "00000000-0000-4000-8000-000000000101",
          displayName: "Second Admin",
          role: "TenantAdmin",
        },
        {
          id: "paula",
          tenantId: "second",
          orgUnitId: "root",
          upn: "paula@partner.cirrus.test",
          email: "paula@partner.cirrus.test",
          objectId: "00000000-0000-4000-8000-000000000102",
          displayName: "Paula Partner",
          role: "PartnerAdmin",
          homeTenant: "partner",
        },
      ],
      services: [],
    });
    const paula = await sign({ preferred_username: "paula@partner.cirrus.test", tid: "partner" });
    const refused = await presence(paula);
    assert.equal(refused.status, 401);
    assert.match(refused.body.detail ?? "", /user in 2 tenants; use a Cirrus token/);
  });
});
