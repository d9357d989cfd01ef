/** The routing benchmark's figures as a readable table for stdout. */
import { formatSmokeReport } from "../smoke.ts";
import type { KindFigures, RoutingBenchFigures } from "./figures.ts";
import type { LoadPicture } from "./picture.ts";

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const fixed = (n: number, digits = 1) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const times = (r: number | null) => (r === null ? "-" : `${fixed(r, r < 0.1 ? 3 : 2)}×`);
const share = (part: number, whole: number) => `${Math.round((100 * part) / Math.max(1, whole))}%`;

/** First column left-aligned, the others right-aligned, two spaces apart, indented by two. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  const cell = (c: string, i: number) =>
    i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0);
  return rows.map((cells) => `  ${cells.map(cell).join("  ")}`);
}

function kindRow(k: KindFigures): string[] {
  const b = k.baseline;
  const a = k.agreement;
  return [
    k.kind,
    int(k.cirrus.count),
    fixed(k.cirrus.p50Us),
    fixed(k.cirrus.p99Us),
    fixed(k.cirrus.maxUs),
    fixed(k.cirrus.meanUs),
    fixed(b.p50Us),
    fixed(b.p99Us),
    fixed(b.maxUs),
    times(k.ratioP50),
    times(k.ratioP99),
    a ? int(a.compared) : "-",
    a ? int(a.disagreed) : "-",
    a ? int(a.matchedOtherwise) : "-",
  ];
}

function pictureLine(label: string, p: LoadPicture): string {
  return (
    `  ${label}: ${int(p.liveTasks)} live tasks (${int(p.connected)} connected, ` +
    `${int(p.queued)} queued in ${int(p.servicesWithQueue)} services, ` +
    `${int(p.queuedInBigServices)} of them in the big ones, longest queue ` +
    `${int(p.longestQueue)}); ${int(p.offersRinging)} offers ringing; ` +
    `${int(p.usersAvailable)} users available, ${int(p.usersNotReady)} not ready`
  );
}

function disagreementLines(f: RoutingBenchFigures): string[] {
  const lines = f.kinds.flatMap((k) =>
    k.kind === "all routing" ? [] : (k.agreement?.first ?? []).map((l) => `    ${k.kind} ${l}`),
  );
  return lines.length === 0 ? [] : ["  First disagreements:", ...lines];
}

function headLines(f: RoutingBenchFigures): string[] {
  const c = f.config;
  const d = f.directory;
  const p = d.policies;
  const big = d.bigServices.map((s) => s.members);
  const load = `${fixed(c.loadAverage.before, 2)} → ${fixed(c.loadAverage.after, 2)}`;
  const bigRange = `${int(Math.min(...big))}–${int(Math.max(...big))}`;
  return [
    `Cirrus routing bench: decide() alone on one in-memory tenant, no I/O; ${int(d.users)} ` +
      `users, ${int(d.services)} services; ${int(c.warmup)} warm-up + ${int(c.decisions)} ` +
      `measured routing decisions; seed ${c.seed}; ${c.cpus} CPUs, load average ${load}; ` +
      `node ${c.node}`,
    "",
    `  Directory: ${int(d.memberships)} memberships, ${fixed(d.meanMembers)} members per ` +
      `service on average; ${big.length} big services of ${bigRange} members; policies ` +
      `LongestIdle ${int(p.LongestIdle)}, RoundRobin ${int(p.RoundRobin)}, Serial ` +
      `${int(p.Serial)}, Broadcast ${int(p.Broadcast)}. Set-up ${fixed(f.setupSeconds)} s.`,
  ];
}

function measuredLine(f: RoutingBenchFigures): string {
  const m = f.measured;
  const gc = m.gc;
  return (
    `  Measured phase: ${fixed(f.load.virtualSeconds)} s virtual, ${fixed(m.wallSeconds, 2)} s ` +
    `wall; ${int(m.decisionsPerSecond)} routing decisions/s inside decide, ` +
    `${int(m.decisionsPerWallSecond)}/s with baseline, checks and driver; GC ${int(gc.pauses)} ` +
    `pauses, ${fixed(gc.ms)} ms (${int(gc.majorPauses)} major, ${fixed(gc.majorMs)} ms; ` +
    `longest ${fixed(gc.longestMs)} ms)`
  );
}

function legendLines(f: RoutingBenchFigures): string[] {
  return [
    "  inbound: a call or chat arrives at a service (drawn in proportion to its members), walks",
    "  the built-in workflow into the queue and is offered. end: a user ends a connected task and",
    "  is offered the next one their services hold. decline / rona: an offer is declined / rings",
    "  out (FireTimer) and its task goes to another member. ready: a user set not ready by RONA is",
    "  Available again. accept: a user accepts an offer and their queues are matched again (room",
    "  for another chat). 'all routing' is all of them; split into decisions that match a big",
    "  service's queue again (an arrival there, or its user or task belongs to one) and the rest.",
    "  Same answer: compared where one answer is right (inbound, decline, rona: LongestIdle",
    "  services, no broadcast offer; every end, ready and accept). A difference is reported, not",
    "  a failure. 'Otherwise': in the same decision Cirrus gave the baseline's user an earlier",
    "  queued task, or the baseline's task to another free member; this happens when an earlier",
    "  decision left a possible match unmade (as when AcceptOffer matched no queue). Accepts",
    "  after which their user could still take a task waiting unoffered: " +
      `${int(f.checks.waitingAfterAccept)}.`,
  ];
}

function checkLines(f: RoutingBenchFigures): string[] {
  const c = f.checks;
  return [
    `Checks: ${int(c.offers)} offers and ${int(c.connections)} connections checked (set-up ` +
      `included), ${int(c.refused)} commands refused, ${int(c.failures)} failures ` +
      `(${share(c.failures, c.offers + c.connections)})`,
    ...f.failures.map((l) => `  ${l}`),
  ];
}

function resultLine(f: RoutingBenchFigures): string {
  const all = f.kinds.find((k) => k.kind === "all routing");
  const ms = (us: number | undefined) => `${fixed((us ?? 0) / 1000, 3)} ms`;
  const t = f.target;
  return (
    `Result: ${t.met ? "PASS" : "MISS"} routing decision p99 ${fixed(t.measuredP99Ms, 3)} ms ` +
    `${t.met ? "<" : "≥"} ${t.p99Ms} ms target (p50 ${ms(all?.cirrus.p50Us)}, max ` +
    `${ms(all?.cirrus.maxUs)}; baseline p99 ${ms(all?.baseline.p99Us)})` +
    (f.failures.length > 0 ? "; checks FAILED" : "")
  );
}

/** A smoke run: the checks, no timings. */
export function formatRoutingSmokeReport(f: RoutingBenchFigures): string {
  const c = f.config;
  return formatSmokeReport(
    "routing",
    [
      `${int(c.users)} users, ${int(c.services)} services, ${int(c.tasks)} live tasks, ` +
        `${int(c.decisions)} decisions measured`,
      pictureLine("Load at end", f.load.atEnd),
      ...checkLines(f),
    ],
    f.failures,
  );
}

export function formatRoutingReport(f: RoutingBenchFigures): string {
  const lines = [
    ...headLines(f),
    pictureLine("Load at start", f.load.atStart),
    pictureLine("Load at end  ", f.load.atEnd),
    measuredLine(f),
    "",
    "  Cirrus: µs per decide() call; base: µs of the baseline's scan for the same decision;",
    "  ×: Cirrus ÷ baseline; same answer: compared, differ, of which matched otherwise.",
    ...table([
      [
        ...["decision", "count", "p50", "p99", "max", "mean"],
        ...["base p50", "base p99", "base max", "p50 ×", "p99 ×"],
        ...["compared", "differ", "otherwise"],
      ],
      ...f.kinds.map(kindRow),
    ]),
    "",
    ...legendLines(f),
    ...disagreementLines(f),
    "",
    ...checkLines(f),
    "",
    resultLine(f),
  ];
  return `${lines.join("\n")}\n`;
}
