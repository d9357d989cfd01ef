/** The trigger benchmark's figures as a readable table for stdout. */
import { formatSmokeReport, resultLine } from "../smoke.ts";
import type { RoundFigures, TriggerBenchFigures } from "./figures.ts";
import type { CpuFigure } from "./probe.ts";

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const fixed = (n: number, digits = 1) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const percent = (share: number) => `${Math.round(share * 100)}%`;
const cores = (cpu: Omit<CpuFigure, "server"> & { readonly server?: number }) =>
  [cpu.server, cpu.bench, cpu.receiver]
    .filter((n): n is number => typeof n === "number")
    .map((n) => fixed(n, 2))
    .join("/");

/** A label over columns `from`…`to` of a table. */
interface Group {
  readonly label: string;
  readonly from: number;
  readonly to: number;
}

/** Right-aligned columns two spaces apart, indented by two, with group labels above. */
function table(rows: readonly (readonly string[])[], groups: readonly Group[] = []): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  const starts = widths.map((_, i) => 2 + widths.slice(0, i).reduce((sum, w) => sum + w + 2, 0));
  let above = "";
  for (const g of groups) {
    const left = starts[g.from] ?? 0;
    const span = (starts[g.to] ?? 0) + (widths[g.to] ?? 0) - left;
    const pad = Math.max(0, Math.floor((span - g.label.length) / 2));
    above = `${above.padEnd(left + pad)}${g.label}`;
  }
  const lines = rows.map(
    (cells) => `  ${cells.map((c, i) => c.padStart(widths[i] ?? 0)).join("  ")}`,
  );
  return above ? [above, ...lines] : lines;
}

function pacedLines(rounds: readonly RoundFigures[]): string[] {
  const head = ["subs", "tasks/s", "events/s", "deliv/s", "p50", "p99", "max", "p50", "p99"];
  const rows = rounds.map((r) => {
    const p = r.paced;
    const { fromAck: a, fromSend: s } = p.latency;
    return [
      int(r.subscriptions),
      fixed(r.tasksPerSecond),
      int(p.log.eventsPerSecond),
      int(p.deliveriesPerSecond),
      ...[a.p50Ms, a.p99Ms, a.maxMs, s.p50Ms, s.p99Ms, s.maxMs].map((ms) => fixed(ms)),
      int(p.drainMs),
      percent(p.log.commitBusy),
      fixed(r.disk.p50Ms, 2),
      cores(p.cpu),
    ];
  });
  return table(
    [[...head, "max", "drain", "commit", "fsync", "CPU cores"], ...rows],
    [
      { label: "ack → received", from: 4, to: 6 },
      { label: "send → received", from: 7, to: 9 },
    ],
  );
}

/** The goal, and where a round did not keep up with the rate offered. */
function pacedNotes(f: TriggerBenchFigures): string[] {
  const notes: string[] = [];
  const t = f.target;
  if (t) {
    notes.push(
      `  Goal: ack → received p99 < ${int(t.p99Ms)} ms at 1 subscription: ` +
        `${fixed(t.measuredP99Ms)} ms, ${t.met ? "met" : "NOT met"}`,
    );
  }
  for (const r of f.rounds) {
    const p = r.paced;
    const behind =
      p.generatorMaxBehind > 0 ? `, the load ${int(p.generatorMaxBehind)} tasks behind` : "";
    if (p.deliveriesPerSecond < 0.9 * r.targetPerSecond || behind) {
      notes.push(
        `  N=${int(r.subscriptions)}: ${int(p.deliveriesPerSecond)} of ${int(r.targetPerSecond)} ` +
          `deliveries/s offered arrived within the window${behind}:`,
        "    delivery did not keep up, so its latency is mostly backlog",
      );
    }
  }
  return notes;
}

function maxLines(rounds: readonly RoundFigures[]): string[] {
  const head = ["subs", "events/s", "deliv/s", "p50", "p99", "drain", "waits", "commit"];
  const rows = rounds.map((r) => {
    const m = r.max;
    return [
      int(r.subscriptions),
      int(m.log.eventsPerSecond),
      int(m.deliveriesPerSecond),
      fixed(m.latency.fromAck.p50Ms),
      fixed(m.latency.fromAck.p99Ms),
      int(m.drainMs),
      int(m.heldBack),
      percent(m.log.commitBusy),
      cores(m.cpu),
    ];
  });
  return table([[...head, "CPU cores"], ...rows], [{ label: "ack → rec.", from: 3, to: 4 }]);
}

function baselineLines(rounds: readonly RoundFigures[]): string[] {
  const head = ["subs", "conns", "bytes", "POSTs/s", "p50", "p99", "max", "POSTs/s", "CPU"];
  const rows = rounds.flatMap((r) => {
    const b = r.baseline;
    const q = r.ratios;
    if (!b || !q) return [];
    return [
      [
        int(r.subscriptions),
        int(b.connections),
        int(b.bodyBytes),
        int(b.paced.perSecond),
        fixed(b.paced.latency.p50Ms),
        fixed(b.paced.latency.p99Ms),
        fixed(b.paced.latency.maxMs),
        int(b.max.perSecond),
        cores(b.max.cpu),
        `${fixed(q.maxRate, 3)}×`,
        `${fixed(q.pacedRate, 3)}×`,
        `${fixed(q.pacedP99, 1)}×`,
      ],
    ];
  });
  return table(
    [[...head, "max rate", "paced", "p99"], ...rows],
    [
      { label: "replay", from: 3, to: 6 },
      { label: "flood", from: 7, to: 8 },
      { label: "Cirrus ÷ undici", from: 9, to: 11 },
    ],
  );
}

function correctnessLines(rounds: readonly RoundFigures[]): string[] {
  const head = ["subs", "phase", "expected", "delivered", "missing", "dup", "order"];
  const rows = rounds.flatMap((r) =>
    (["paced", "max"] as const).map((phase) => {
      const c = r[phase].correctness;
      return [
        int(r.subscriptions),
        phase,
        ...[
          c.expected,
          c.delivered,
          c.missing,
          c.duplicates,
          c.outOfOrder,
          c.unexpected,
          c.leftEarly,
        ].map(int),
        int(c.badIds),
        `${c.signaturesValid}/${c.signaturesChecked}`,
      ];
    }),
  );
  return table([[...head, "unexpected", "early", "bad id", "sig ok"], ...rows]);
}

const correctnessNote =
  "  early: QueueLeft or Terminated received, or `terminated` stamped, before the hang-up that\n" +
  "  causes it was sent";

export function formatTriggerReport(f: TriggerBenchFigures): string {
  const c = f.config;
  const apart = c.receiver === "process";
  const lines = [
    `Cirrus trigger-delivery bench: SQLite synchronous=${c.sqliteSynchronous}; ${c.cpus} CPUs; ` +
      `node ${c.node}; receiver on 127.0.0.1 ` +
      (apart ? "in a child process of its own" : "in the bench process"),
    "",
    `Paced: ${int(c.rate)} deliveries/s offered (${c.warmupSeconds} s warm-up + ${c.seconds} s ` +
      "measured); latency in ms",
    ...pacedLines(f.rounds),
    "  ack → received: ingress response received → callback received (≤ true commit → callback:",
    "  the response leaves after the commit); send → received: ingress request sent → callback",
    "  received (≥ true). drain: ms from the end of the load to the last callback. commit: share",
    "  of the window the server spent in group commits. fsync: p50 ms of a one-row SQLite",
    "  transaction (WAL, synchronous FULL) on the data's disk just before the round; the server",
    "  blocks that long per commit and per cursor move.",
    `  CPU cores: server/bench${apart ? "/receiver" : " (with the receiver)"}.`,
    ...pacedNotes(f),
    "",
    `As fast as it goes (0.5 s warm-up + ${c.maxSeconds} s measured; 32 caller workers, at most ` +
      `${int(f.rounds[0]?.max.backlogBound ?? 0)} deliveries outstanding)`,
    ...maxLines(f.rounds),
    "  deliv/s: callbacks received within the window; latency mostly the bounded backlog;",
    "  waits: times a caller waited for deliveries to catch up (0: the ingress was the limit)",
    "",
    "undici baseline: the same POSTs sent straight from the bench process to the same receiver",
    ...baselineLines(f.rounds),
    "  replay: on the paced phase's commit schedule, latency scheduled → received; flood: as",
    "  fast as it goes; CPU: cores busy in the flood, sender (bench process)/receiver.",
    "  Cirrus ÷ undici: max deliveries/s ÷ flood POSTs/s, paced deliveries/s ÷ replay POSTs/s,",
    "  and paced ack → received p99 ÷ replay p99",
    "",
    "Correctness (subscription × task × event, after the drain)",
    ...correctnessLines(f.rounds),
    correctnessNote,
    "",
    resultLine(f.failures),
  ];
  return `${lines.join("\n")}\n`;
}

/** A smoke run: what was delivered and checked, no timings. */
export function formatTriggerSmokeReport(f: TriggerBenchFigures): string {
  return formatSmokeReport(
    "trigger-delivery",
    [
      "Correctness (subscription × task × event, after the drain), paced then as fast as it goes",
      ...correctnessLines(f.rounds),
      correctnessNote,
    ],
    f.failures,
  );
}
