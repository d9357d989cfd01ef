/** CPU and log position at the edges of a measured window. */
import type { ApiClient } from "../../test/support/api-client.ts";
import { readServer, type ServerReading } from "../server-probe.ts";
import type { Receiver } from "./receiver.ts";
import { nowMs, pause } from "./time.ts";

export interface Reading {
  readonly server: ServerReading;
  readonly receiverCpuSeconds: number;
}

/** CPU cores busy on average; the receiver's only when it has a process of its own. */
export interface CpuFigure {
  readonly server: number;
  readonly bench: number;
  readonly receiver: number | null;
}

async function read(client: ApiClient, receiver: Receiver): Promise<Reading> {
  const [server, receiverCpuSeconds] = await Promise.all([
    readServer(client),
    receiver.cpuSeconds(),
  ]);
  return { server, receiverCpuSeconds };
}

/** Reads at `from` and at `to` (monotonic ms). */
export async function readWindow(
  client: ApiClient,
  receiver: Receiver,
  from: number,
  to: number,
): Promise<readonly [Reading, Reading]> {
  await pause(from - nowMs());
  const before = await read(client, receiver);
  await pause(to - nowMs());
  return [before, await read(client, receiver)];
}

export function cpuBetween(
  [before, after]: readonly [Reading, Reading],
  separateReceiver: boolean,
): CpuFigure {
  const seconds = (after.server.at - before.server.at) / 1000;
  const cores = (a: number, b: number) => (seconds > 0 ? (b - a) / seconds : 0);
  return {
    server: cores(before.server.cpuSeconds, after.server.cpuSeconds),
    bench: cores(before.server.benchCpuSeconds, after.server.benchCpuSeconds),
    receiver: separateReceiver ? cores(before.receiverCpuSeconds, after.receiverCpuSeconds) : null,
  };
}

export interface LogFigure {
  /** Events committed per second (`/healthz` lastSeq). */
  readonly eventsPerSecond: number;
  readonly commitsPerSecond: number;
  /** Share of the window the server spent writing group commits (its main thread is blocked). */
  readonly commitBusy: number;
}

export function logBetween([before, after]: readonly [Reading, Reading]): LogFigure {
  const seconds = (after.server.at - before.server.at) / 1000;
  const rate = (a: number, b: number) => (seconds > 0 ? (b - a) / seconds : 0);
  const { server: a } = before;
  const { server: b } = after;
  return {
    eventsPerSecond: rate(a.lastSeq, b.lastSeq),
    commitsPerSecond: rate(a.commitBatchCount, b.commitBatchCount),
    commitBusy: rate(a.commitSecondsSum, b.commitSecondsSum),
  };
}
