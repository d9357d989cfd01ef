/**
 * Callbacks may not reach loopback, private, link-local or otherwise internal addresses
 * unless `CIRRUS_ALLOW_PRIVATE_WEBHOOKS=true`. Checked when a subscription is registered and
 * again on every connection, after DNS, so a name that later points inward is refused too.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

const internal = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const) {
  internal.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  // IPv4 carried in IPv6 (compatible, NAT64, 6to4): judged conservatively as internal.
  ["::", 96],
  ["64:ff9b::", 96],
  ["2002::", 16],
  ["ff00::", 8],
] as const) {
  internal.addSubnet(network, prefix, "ipv6");
}

export function isInternalAddress(address: string): boolean {
  // An IPv4-mapped IPv6 address is judged by the IPv4 address it carries.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isInternalAddress(mapped);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex?.[1] && hex[2]) {
    const high = Number.parseInt(hex[1], 16);
    const low = Number.parseInt(hex[2], 16);
    return isInternalAddress(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  const family = isIP(address);
  if (family === 0) return false;
  return internal.check(address, family === 6 ? "ipv6" : "ipv4");
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
