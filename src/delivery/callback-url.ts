/**
 * A callback URL as the flow service hands it out (`…/invoke?api-version=…&sp=%2Ftriggers%2F…
 * &sig=…`): its query is a bearer secret, and its signature covers the text as given. So it
 * is called byte for byte — the request target is cut from the text, not rebuilt by a URL
 * parser, which would resolve `%2e%2e` segments or re-encode quotes — and shown to people
 * only as origin and path with a fingerprint.
 */
import { createHash } from "node:crypto";

export interface CallbackTarget {
  /** Where to connect: scheme, host and port as a URL parser reads them. */
  readonly origin: string;
  /** The host to check before connecting: a name, or an address without its brackets. */
  readonly host: string;
  /** The path and query exactly as given; the fragment is never sent. */
  readonly path: string;
}

/**
 * Why a URL cannot be sent as given, or undefined. Every character must be printable ASCII
 * (percent-encoded otherwise) and no backslash, so that where the authority ends is the same
 * for this module and for a URL parser.
 */
export function unsendable(url: string): string | undefined {
  if (/[^\x21-\x7e]/.test(url) || url.includes("\\")) {
    return "must be a valid request target: percent-encoded ASCII, no spaces or backslashes";
  }
  return undefined;
}

export function callbackTarget(url: string): CallbackTarget {
  const { origin, hostname } = new URL(url);
  const rest = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(url)?.[1] ?? "";
  const withoutFragment = rest.replace(/#.*$/, "");
  const path = withoutFragment.startsWith("/") ? withoutFragment : `/${withoutFragment}`;
  return { origin, host: hostname.replace(/^\[|\]$/g, ""), path };
}

/** Origin and path, without the query (the secret), for listings and logs. */
export function redactedUrl(url: string): string {
  const { origin, path } = callbackTarget(url);
  return `${origin}${path.replace(/\?.*$/, "")}`;
}

/** Tells two callback URLs apart without showing either: 64 bits of SHA-256. */
export function urlFingerprint(url: string): string {
  return `sha256:${createHash("sha256").update(url).digest("hex").slice(0, 16)}`;
}
