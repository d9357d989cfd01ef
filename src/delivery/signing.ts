/**
 * Standard Webhooks signatures: `webhook-id`, `webhook-timestamp`, `webhook-signature`, the
 * last being `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` keyed with the secret's
 * bytes. Signed with node:crypto (native, on the hot path); receivers and tests verify with
 * any Standard Webhooks library.
 */
import { createHmac, randomBytes } from "node:crypto";

export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** Stable per subscription and event, so a receiver can drop a repeated delivery. */
export function webhookId(subscriptionId: string, seq: number): string {
  return `msg_${subscriptionId}_${seq}`;
}

export class Signer {
  readonly #keys = new Map<string, Buffer>();

  headers(secret: string, id: string, at: Date, body: string): Record<string, string> {
    let key = this.#keys.get(secret);
    if (!key) {
      key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
      this.#keys.set(secret, key);
    }
    const timestamp = String(Math.floor(at.getTime() / 1000));
    const signature = createHmac("sha256", key)
      .update(`${id}.${timestamp}.${body}`)
      .digest("base64");
    return {
      "webhook-id": id,
      "webhook-timestamp": timestamp,
      "webhook-signature": `v1,${signature}`,
    };
  }

  forget(secret: string): void {
    this.#keys.delete(secret);
  }
}
