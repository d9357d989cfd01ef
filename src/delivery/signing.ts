/** Standard Webhooks signatures: `webhook-id`, `webhook-timestamp`, `webhook-signature`. */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** Stable per subscription and event, so a receiver can drop a repeated delivery. */
export function webhookId(subscriptionId: string, seq: number): string {
  return `msg_${subscriptionId}_${seq}`;
}

export class Signer {
  readonly #webhooks = new Map<string, Webhook>();

  headers(secret: string, id: string, at: Date, body: string): Record<string, string> {
    let webhook = this.#webhooks.get(secret);
    if (!webhook) {
      webhook = new Webhook(secret);
      this.#webhooks.set(secret, webhook);
    }
    return {
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": webhook.sign(id, at, body),
    };
  }

  forget(secret: string): void {
    this.#webhooks.delete(secret);
  }
}
