import type { Clock } from "../../engine/clock.ts";
import type { Engine } from "../../engine/engine.ts";
import type { Store } from "../../store/port.ts";
import type { OfferWaiters } from "../offer-waiters.ts";

/** What route plugins are given. */
export interface RouteDeps {
  readonly engine: Engine;
  readonly store: Store;
  readonly clock: Clock;
  readonly offerWaiters: OfferWaiters;
}
