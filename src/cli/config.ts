/** Settings from the environment, with the defaults a first run needs. */
import { resolve } from "node:path";
import {
  defaultSubscriptionLimits,
  type SubscriptionLimits,
  limitVariables as subscriptionLimitVariables,
} from "../delivery/subscription-limits.ts";
import { defaultLimits, limitVariables, type ServerLimits } from "../http/limits.ts";
import type { OidcSettings } from "../http/oidc.ts";
import { defaultRetryDelaySeconds } from "../http/routes/connector-scheduler.ts";

export interface Config {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly port: number;
  readonly host: string;
  readonly bootstrapToken: string | undefined;
  readonly logLevel: string;
  readonly logRequests: boolean;
  readonly sqliteSynchronous: "FULL" | "NORMAL";
  /** Base URL clients reach the server at, for `Location` headers. */
  readonly publicUrl: string | undefined;
  readonly allowPrivateWebhooks: boolean;
  /** OpenID Connect access tokens are accepted when an issuer is configured. */
  readonly oidc: OidcSettings | undefined;
  /** Seconds between a scheduler entry's failed attempt and its next one. */
  readonly schedulerRetrySeconds: number;
}

function retrySecondsOf(value: string | undefined): number {
  const seconds = Number(value ?? defaultRetryDelaySeconds);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) {
    throw new Error(
      `CIRRUS_SCHEDULER_RETRY_SECONDS must be whole seconds from 1 to 86400, not ${value}`,
    );
  }
  return seconds;
}

function portOf(value: string | undefined): number {
  const port = Number(value ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a port number, not ${value}`);
  }
  return port;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const synchronous = (env.CIRRUS_SQLITE_SYNCHRONOUS ?? "FULL").toUpperCase();
  if (synchronous !== "FULL" && synchronous !== "NORMAL") {
    throw new Error(`CIRRUS_SQLITE_SYNCHRONOUS must be FULL or NORMAL, not ${synchronous}`);
  }
  return {
    dataDir: resolve(env.CIRRUS_DATA ?? "./data"),
    databaseUrl: env.DATABASE_URL || undefined,
    port: portOf(env.PORT),
    host: env.HOST ?? "127.0.0.1",
    bootstrapToken: env.CIRRUS_BOOTSTRAP_TOKEN || undefined,
    logLevel: env.CIRRUS_LOG_LEVEL ?? "info",
    logRequests: env.CIRRUS_LOG_REQUESTS === "true",
    sqliteSynchronous: synchronous,
    publicUrl: env.CIRRUS_PUBLIC_URL?.replace(/\/+$/, "") || undefined,
    allowPrivateWebhooks: env.CIRRUS_ALLOW_PRIVATE_WEBHOOKS === "true",
    oidc: oidcOf(env),
    schedulerRetrySeconds: retrySecondsOf(env.CIRRUS_SCHEDULER_RETRY_SECONDS),
  };
}

function oidcOf(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  const issuer = env.CIRRUS_OIDC_ISSUER || undefined;
  if (issuer === undefined) return undefined;
  const audience = env.CIRRUS_OIDC_AUDIENCE;
  const jwksUrl = env.CIRRUS_OIDC_JWKS_URL;
  if (!audience) throw new Error("CIRRUS_OIDC_AUDIENCE is required with CIRRUS_OIDC_ISSUER");
  if (!jwksUrl) throw new Error("CIRRUS_OIDC_JWKS_URL is required with CIRRUS_OIDC_ISSUER");
  try {
    new URL(jwksUrl);
  } catch {
    throw new Error(`CIRRUS_OIDC_JWKS_URL must be a URL, not ${jwksUrl}`);
  }
  const upnClaim = env.CIRRUS_OIDC_UPN_CLAIM || undefined;
  const tenantClaim = env.CIRRUS_OIDC_TENANT_CLAIM || undefined;
  return {
    issuer,
    audience,
    jwksUrl,
    ...(upnClaim ? { upnClaim } : {}),
    ...(tenantClaim ? { tenantClaim } : {}),
  };
}

/**
 * Whole numbers of at least 1, each from its environment variable, else its default; a value
 * that is none is refused naming the variable.
 */
function positiveIntegers<K extends string>(
  defaults: Readonly<Record<K, number>>,
  variables: Readonly<Record<K, string>>,
  env: NodeJS.ProcessEnv,
): Record<K, number> {
  const values: Record<K, number> = { ...defaults };
  for (const key of Object.keys(variables) as K[]) {
    const text = env[variables[key]]?.trim();
    if (!text) continue;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error(`${variables[key]} must be a positive integer, not ${JSON.stringify(text)}`);
    }
    values[key] = value;
  }
  return values;
}

/** The server's timeouts and connection caps the environment sets. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerLimits {
  return positiveIntegers(defaultLimits, limitVariables, env);
}

/** How many trigger subscriptions the environment lets exist. */
export function subscriptionLimitsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): SubscriptionLimits {
  return positiveIntegers(defaultSubscriptionLimits, subscriptionLimitVariables, env);
}
