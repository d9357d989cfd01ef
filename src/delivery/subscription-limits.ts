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
