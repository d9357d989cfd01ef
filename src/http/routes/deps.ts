import type { Dispatcher } from "../../delivery/dispatcher.ts";
import type { Clock } from "../../engine/clock.ts";
import type { Engine } from "../../engine/engine.ts";
import type { Store } from "../../store/port.ts";
import type { Authenticator } from "../auth.ts";
import type { OfferWaiters } from "../offer-waiters.ts";
import type { StreamRegistry } from "../stream-registry.ts";

/** What route plugins are given. */
export interface RouteDeps {
  readonly engine: Engine;
  readonly store: Store;
  readonly clock: Clock;
  readonly offerWaiters: OfferWaiters;
  readonly dispatcher: Dispatcher;
  readonly config: HttpConfig;
  /** Told of revoked tokens, so that they stop working at once. */
  readonly authenticator: Authenticator;
  /** The open event streams, ended when their token or user loses access. */
  readonly streams: StreamRegistry;
}

/** Settings of the HTTP surface. */
export interface HttpConfig {
  /** The base URL clients reach this server at, for `Location` headers; else the request's. */
  readonly publicUrl: string | undefined;
  /** Let trigger callbacks point at loopback or private addresses (tests, labs). */
  readonly allowPrivateWebhooks: boolean;
  /** Seconds between a scheduler entry's failed attempt and the next; 300 unless set. */
  readonly schedulerRetrySeconds?: number;
}
