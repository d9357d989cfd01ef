/**
 * When a failed delivery is tried again: immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h and 10 h, each delay spread by up to a tenth either way so that retries of many
 * subscriptions do not arrive together. `CIRRUS_WEBHOOK_RETRY_SCHEDULE` (seconds, comma
 * separated) replaces the schedule, e.g. for tests.
 */
export const defaultScheduleSeconds = [0, 5, 300, 1800, 7200, 18000, 36000, 36000] as const;

export interface RetryPolicy {
  /** Delays in ms before attempt 1, 2, …; attempt 1 is the first, right away (its delay is 0). */
  readonly delaysMs: readonly number[];
  /** How long a subscription may stay `failing` before it is `disabled`. */
  readonly disableAfterMs: number;
  /** Per attempt. */
  readonly timeoutMs: number;
}

export function parseSchedule(text: string | undefined): readonly number[] {
  if (text === undefined || text.trim() === "") return defaultScheduleSeconds.map((s) => s * 1000);
  const parts = text.split(",").map((part) => part.trim());
  const seconds = parts.map(Number);
  if (parts.some((p) => p === "") || seconds.some((s) => !Number.isFinite(s) || s < 0)) {
    throw new Error(`CIRRUS_WEBHOOK_RETRY_SCHEDULE must list seconds ≥ 0, not ${text}`);
  }
  return seconds.map((s) => s * 1000);
}

export function retryPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const setting = env.CIRRUS_WEBHOOK_DISABLE_AFTER_SECONDS?.trim();
  const disableAfter = setting ? Number(setting) : 5 * 24 * 3600;
  if (!Number.isFinite(disableAfter) || disableAfter < 0) {
    throw new Error("CIRRUS_WEBHOOK_DISABLE_AFTER_SECONDS must be a number of seconds ≥ 0");
  }
  return {
    delaysMs: parseSchedule(env.CIRRUS_WEBHOOK_RETRY_SCHEDULE),
    disableAfterMs: disableAfter * 1000,
    timeoutMs: 15_000,
  };
}

/**
 * When attempt `attempt + 1` is due after attempt `attempt` failed at `now`, or undefined
 * when the schedule is used up. `random` in [0, 1) spreads the delay by ±10 %.
 */
export function nextAttemptAt(
  policy: RetryPolicy,
  attempt: number,
  now: number,
  random: number,
): number | undefined {
  const delay = policy.delaysMs[attempt];
  if (delay === undefined) return undefined;
  return now + Math.round(delay * (0.9 + 0.2 * random));
}

/** The longest a receiver's `Retry-After` holds a delivery back: an hour. */
export const maxRetryAfterMs = 3_600_000;

/**
 * How long a `Retry-After` header (delay-seconds or an HTTP date) asks to wait from `now`,
 * capped at `maxRetryAfterMs`; undefined when it is missing or unreadable.
 */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  const wait = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  if (!Number.isFinite(wait)) return undefined;
  return Math.min(maxRetryAfterMs, Math.max(0, wait));
}
