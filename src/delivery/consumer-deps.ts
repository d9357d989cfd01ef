/** What a subscription's consumer is given. */
import type { Clock } from "../engine/clock.ts";
import type { Store, StoredEvent } from "../store/port.ts";
import type { SubscriptionRecord } from "../store/subscription-records.ts";
import type { CursorWriter } from "./cursor-writer.ts";
import type { EventFeed } from "./event-feed.ts";
import type { DeliveryOutcome, Sender } from "./http-sender.ts";
import type { RetryPolicy } from "./retry-policy.ts";
import type { Signer } from "./signing.ts";

export interface ConsumerDeps {
  readonly store: Store;
  readonly feed: EventFeed;
  readonly cursors: CursorWriter;
  readonly sender: Sender;
  readonly signer: Signer;
  readonly clock: Clock;
  readonly policy: RetryPolicy;
  readonly random: () => number;
  /** The event types this kind of subscription reads. */
  readonly types: ReadonlySet<string>;
  /** Whether the subscription's owner may see the event. */
  readonly visible: (subscription: SubscriptionRecord, event: StoredEvent) => boolean;
  /** The receiver answered 410 Gone: remove the subscription. */
  readonly gone: (subscriptionId: string) => Promise<void>;
  readonly observe: (outcome: DeliveryOutcome, event: StoredEvent) => void;
  readonly onError: (error: unknown, context: string) => void;
}
