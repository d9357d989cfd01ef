/** Tokens for the agents and the gateway, and every agent set Available, over the API. */
import type { ApiClient, ApiResponse } from "../test/support/api-client.ts";

export interface Credentials {
  readonly gatewayToken: string;
  /** One token per agent, in the fixture's order. */
  readonly agentTokens: readonly string[];
}

function expect<T>(response: ApiResponse<T>, status: number, what: string): T {
  if (response.status !== status) {
    throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

async function createToken(
  client: ApiClient,
  adminToken: string,
  body: { readonly upn: string } | { readonly gateway: string },
): Promise<string> {
  const response = await client.request<{ token: string }>(
    "POST",
    "/api/admin/tokens",
    adminToken,
    body,
  );
  return expect(response, 201, `token for ${JSON.stringify(body)}`).token;
}

export async function provision(
  client: ApiClient,
  adminToken: string,
  agentUpns: readonly string[],
): Promise<Credentials> {
  const gatewayToken = await createToken(client, adminToken, { gateway: "bench" });
  const agentTokens = await Promise.all(
    agentUpns.map((upn) => createToken(client, adminToken, { upn })),
  );
  await Promise.all(
    agentTokens.map(async (token, i) => {
      const response = await client.request("PUT", "/api/agent/presence", token, {
        status: "Available",
      });
      expect(response, 200, `presence of ${agentUpns[i]}`);
    }),
  );
  return { gatewayToken, agentTokens };
}
