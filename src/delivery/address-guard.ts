/**
 * Callbacks may not reach loopback, private, link-local or otherwise internal addresses
 * unless `CIRRUS_ALLOW_PRIVATE_WEBHOOKS=true`. Checked when a subscription is registered and
 * again on every connection, after DNS, so a name that later points inward is refused too.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { unsendable } from "./callback-url.ts";

const internalV4 = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 3],
] as const) {
  internalV4.addSubnet(network, prefix, "ipv4");
}

/**
 * IPv6 ranges refused whatever they carry: loopback, unique-local, link- and site-local,
 * multicast, discard-only, documentation, and the forms whose IPv4 cannot be judged safely
 * here — IPv4-compatible (`::/96`, deprecated), local-use NAT64 (`64:ff9b:1::/48`, where the
 * network chooses the embedding), 6to4 (`2002::/16`, relayed to the IPv4 it names), and the
 * IETF protocol assignments (`2001::/23`: Teredo, benchmarking, ORCHID and the like).
 */
const internalV6 = new BlockList();
for (const [network, prefix] of [
  ["::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 23],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["3fff::", 20],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  internalV6.addSubnet(network, prefix, "ipv6");
}

/** The 16 bytes of an IPv6 address (a trailing dotted quad allowed), or undefined. */
function ipv6Bytes(address: string): number[] | undefined {
  let text = address;
  const quad = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(2).map(Number) as [number, number, number, number];
    text = `${quad[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill("0"), ...tail];
  const bytes: number[] = [];
  for (const group of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    const value = Number.parseInt(group, 16);
    bytes.push(value >> 8, value & 255);
  }
  return bytes;
}

const zeros = (bytes: readonly number[], from: number, to: number) =>
  bytes.slice(from, to).every((b) => b === 0);

/**
 * The IPv4 address an IPv6 address stands for, where the prefix says exactly which:
 * IPv4-mapped `::ffff:0:0/96`, IPv4-translated `::ffff:0:0:0/96` and the well-known NAT64
 * prefix `64:ff9b::/96`, each carrying it in the last 32 bits.
 */
function embeddedIpv4(bytes: readonly number[]): string | undefined {
  const mapped = zeros(bytes, 0, 10) && bytes[10] === 255 && bytes[11] === 255;
  const translated =
    zeros(bytes, 0, 8) && bytes[8] === 255 && bytes[9] === 255 && zeros(bytes, 10, 12);
  const nat64 = bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b;
  if (!mapped && !translated && !(nat64 && zeros(bytes, 4, 12))) return undefined;
  return bytes.slice(12).join(".");
}

export function isInternalAddress(address: string): boolean {
  // A zone (`fe80::1%eth0`) only says which interface; the address decides.
  const plain = address.replace(/%.*$/, "");
  const family = isIP(plain);
  if (family === 4) return internalV4.check(plain, "ipv4");
  if (family !== 6) return false;
  const bytes = ipv6Bytes(plain);
  if (!bytes) return true;
  const carried = embeddedIpv4(bytes);
  if (carried) return internalV4.check(carried, "ipv4");
  return internalV6.check(plain, "ipv6");
}

/** A `lookup` for sockets that fails on internal addresses. */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => isInternalAddress(a.address));
    if (refused) {
      return callback(new Error(`${hostname} resolves to internal address ${refused.address}`), []);
    }
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    if (!first) return callback(new Error(`${hostname} has no address`), []);
    callback(null, first.address, first.family);
  });
};

/**
 * Why a callback URL is refused, or undefined when it may be used. Single-label names
 * (`vm`, `intranet`) and `*.localhost` are local by definition; other names are checked
 * after DNS, at registration (`resolvesInternally`) and on every connection.
 */
export function refuseUrl(url: string, allowPrivate: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not an absolute URL";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "must be http or https";
  const garbled = unsendable(url);
  if (garbled) return garbled;
  if (parsed.username || parsed.password) return "must not carry credentials";
  const host = parsed.hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  const localName = host === "localhost" || host.endsWith(".localhost") || !host.includes(".");
  if (!allowPrivate && ((localName && isIP(host) === 0) || isInternalAddress(host))) {
    return "points at a loopback or private address (set CIRRUS_ALLOW_PRIVATE_WEBHOOKS=true to allow)";
  }
  return undefined;
}

/**
 * Whether a host name resolves to an internal address now. A name that does not resolve is
 * let through here (DNS may be down); the connection-time check still stands.
 */
export function resolvesInternally(hostname: string): Promise<boolean> {
  return new Promise((resolve) => {
    dnsLookup(hostname, { all: true }, (error, addresses: LookupAddress[]) => {
      resolve(error === null && addresses.some((a) => isInternalAddress(a.address)));
    });
  });
}
