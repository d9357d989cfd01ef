/**
 * The routing benchmark's directory, drawn from a seed: every user a member of a few random
 * services, plus a handful of big services whose member lists stress anything that scans
 * them. Services take calls and chats; most distribute to the longest idle member.
 */
import type {
  Directory,
  DistributionPolicy,
  Modality,
  Service,
  User,
} from "../../src/domain/model.ts";

export const tenantId = "routing";
const orgUnitId = "ou-routing";

export const shape = {
  servicesPerUser: 8,
  bigServices: 10,
  bigMembersMin: 1_000,
  bigMembersMax: 3_000,
  /** Short enough that offers ring out (RONA) within a default run's virtual minute. */
  ronaSecondsMin: 8,
  ronaSecondsMax: 15,
  /** Long enough that no queued task times out during a run: the load drives no queue timer. */
  maxQueueSeconds: 3_600,
  /** Users whose chat capacity is 2 or 5 instead of the default 3. */
  chatCapacity2Share: 0.1,
  chatCapacity5Share: 0.05,
} as const;

export const serviceModalities: readonly Modality[] = ["Audio", "InstantMessaging"];

/** Policies of the ordinary services by share; the rest are LongestIdle (left to the default). */
const otherPolicies: readonly (readonly [DistributionPolicy, number])[] = [
  ["RoundRobin", 0.08],
  ["Serial", 0.07],
  ["Broadcast", 0.05],
];

/** Big services are LongestIdle but these, by their place among the big ones (no Broadcast). */
const bigPolicies: ReadonlyMap<number, DistributionPolicy> = new Map([
  [3, "RoundRobin"],
  [7, "Serial"],
]);

export interface RoutingDirectory {
  readonly directory: Directory;
  readonly bigServiceIds: ReadonlySet<string>;
}

const pad = (n: number) => String(n).padStart(5, "0");

function user(n: number, random: () => number): User {
  const name = `u${pad(n)}`;
  const r = random();
  const chats =
    r < shape.chatCapacity2Share
      ? 2
      : r < shape.chatCapacity2Share + shape.chatCapacity5Share
        ? 5
        : undefined;
  return {
    id: name,
    tenantId,
    orgUnitId,
    upn: `${name}@routing.test`,
    email: `${name}@routing.test`,
    objectId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    displayName: `User ${n}`,
    role: "User",
    ...(chats === undefined ? {} : { capacity: { InstantMessaging: chats } }),
  };
}

function policyOf(random: () => number): DistributionPolicy {
  let r = random();
  for (const [policy, share] of otherPolicies) {
    if (r < share) return policy;
    r -= share;
  }
  return "LongestIdle";
}

function service(n: number, members: string[], policy: DistributionPolicy, random: () => number) {
  const name = `s${pad(n)}`;
  const span = shape.ronaSecondsMax - shape.ronaSecondsMin + 1;
  const result: Service = {
    id: name,
    tenantId,
    orgUnitId,
    upn: `${name}@routing.test`,
    name,
    displayName: `Service ${n}`,
    description: "",
    telNumber: "",
    licence: "EnterpriseRouting",
    modalities: serviceModalities,
    members,
    routing: {
      maxQueueSeconds: shape.maxQueueSeconds,
      ronaSeconds: shape.ronaSecondsMin + Math.floor(random() * span),
      ...(policy === "LongestIdle" ? {} : { policy }),
    },
  };
  return result;
}

/** `count` distinct indices below `n`, by a partial shuffle of `order` (any permutation). */
function sample(order: Int32Array, count: number, random: () => number): Int32Array {
  const n = order.length;
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    const swap = order[i] as number;
    order[i] = order[j] as number;
    order[j] = swap;
  }
  return order.subarray(0, count);
}

/** Where the big services sit in directory order: evenly spread, not all first or last. */
function bigPlaces(services: number): number[] {
  const count = Math.min(shape.bigServices, services);
  return Array.from({ length: count }, (_, k) => Math.floor(((k + 0.5) * services) / count));
}

export function routingDirectory(
  userCount: number,
  serviceCount: number,
  random: () => number,
): RoutingDirectory {
  const users = Array.from({ length: userCount }, (_, i) => user(i + 1, random));
  const members: string[][] = Array.from({ length: serviceCount }, () => []);
  const serviceOrder = Int32Array.from({ length: serviceCount }, (_, i) => i);
  const perUser = Math.min(shape.servicesPerUser, serviceCount);
  for (const u of users) {
    for (const s of sample(serviceOrder, perUser, random)) members[s]?.push(u.id);
  }
  const userOrder = Int32Array.from({ length: userCount }, (_, i) => i);
  const big = bigPlaces(serviceCount);
  const spread = shape.bigMembersMax - shape.bigMembersMin + 1;
  for (const s of big) {
    const list = members[s] as string[];
    const already = new Set(list);
    const size = Math.min(userCount, shape.bigMembersMin + Math.floor(random() * spread));
    for (const u of sample(userOrder, size, random)) {
      const id = (users[u] as User).id;
      if (!already.has(id)) list.push(id);
    }
  }
  const services = members.map((list, s) => {
    const place = big.indexOf(s);
    const policy = place < 0 ? policyOf(random) : (bigPolicies.get(place) ?? "LongestIdle");
    return service(s + 1, list, policy, random);
  });
  return {
    directory: {
      tenant: { id: tenantId, name: "Routing bench" },
      orgUnits: [{ id: orgUnitId, tenantId, parentId: null, name: "Routing bench" }],
      users,
      services,
    },
    bigServiceIds: new Set(big.map((s) => (services[s] as Service).id)),
  };
}
