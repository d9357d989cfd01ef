/** `cirrus token create --upn UPN`: a token for a user, written straight to the store. */
import { systemClock } from "../engine/clock.ts";
import { issueToken } from "../http/tokens.ts";
import type { Config } from "./config.ts";
import { openConfiguredStore } from "./open-runtime.ts";

export async function createToken(config: Config, upn: string, tenantId?: string): Promise<string> {
  const store = await openConfiguredStore(config);
  try {
    const tenants = await store.listTenants();
    const matches = [];
    for (const tenant of tenants) {
      if (tenantId && tenant.id !== tenantId) continue;
      const directory = await store.loadDirectory(tenant.id);
      const user = directory?.users.find((u) => u.upn.toLowerCase() === upn.toLowerCase());
      if (user) matches.push(user);
    }
    const [user, ...others] = matches;
    if (!user) throw new Error(`no user ${upn}${tenantId ? ` in tenant ${tenantId}` : ""}`);
    if (others.length > 0) throw new Error(`${upn} is in several tenants: name one with --tenant`);
    return await issueToken(
      store,
      { kind: "user", tenantId: user.tenantId, userId: user.id },
      systemClock.now(),
    );
  } finally {
    await store.close();
  }
}
