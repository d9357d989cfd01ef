/**
 * How many trigger subscriptions may exist: per owner, per tenant, and per callback (the same
 * origin and path, whatever the query), so that one call cannot fan out to thousands of POSTs
 * at an address of someone's choosing.
 */
export interface SubscriptionLimits {
  readonly perOwner: number;
  readonly perTenant: number;
  readonly perCallback: number;
}

export const defaultSubscriptionLimits: SubscriptionLimits = {
  perOwner: 100,
  perTenant: 1000,
  perCallback: 10,
};

/** The environment variable setting each limit. */
export const limitVariables: Readonly<Record<keyof SubscriptionLimits, string>> = {
  perOwner: "CIRRUS_MAX_SUBSCRIPTIONS_PER_OWNER",
  perTenant: "CIRRUS_MAX_SUBSCRIPTIONS_PER_TENANT",
  perCallback: "CIRRUS_MAX_SUBSCRIPTIONS_PER_CALLBACK",
};

export function subscriptionLimitsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): SubscriptionLimits {
  const read = (key: keyof SubscriptionLimits): number => {
    const text = env[limitVariables[key]]?.trim();
    if (!text) return defaultSubscriptionLimits[key];
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error(`${limitVariables[key]} must be a whole number ≥ 1, not ${text}`);
    }
    return value;
  };
  return {
    perOwner: read("perOwner"),
    perTenant: read("perTenant"),
    perCallback: read("perCallback"),
  };
}
