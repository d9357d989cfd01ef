/**
 * Entry of the receiver as a child process (`--receiver process`), spoken to over IPC: it
 * reports its count whenever it changed (every 2 ms at most) and answers `take` and `cpu`.
 */
import { ReceiptLog } from "./receiver.ts";

export type ToChild = { readonly type: "take" } | { readonly type: "cpu" };
export type FromChild =
  | { readonly type: "ready"; readonly url: string }
  | { readonly type: "count"; readonly count: number }
  | { readonly type: "taken"; readonly received: ReturnType<ReceiptLog["take"]> }
  | { readonly type: "cpu"; readonly seconds: number };

const send = (message: FromChild) => process.send?.(message);

async function main(): Promise<void> {
  const log = new ReceiptLog();
  const url = await log.listen();
  let reported = 0;
  const ticker = setInterval(() => {
    if (log.count !== reported) {
      reported = log.count;
      send({ type: "count", count: reported });
    }
  }, 2);
  process.on("message", (message: ToChild) => {
    if (message.type === "take") send({ type: "taken", received: log.take() });
    if (message.type === "cpu") {
      const usage = process.cpuUsage();
      send({ type: "cpu", seconds: (usage.user + usage.system) / 1e6 });
    }
  });
  process.on("disconnect", () => {
    clearInterval(ticker);
    void log.close().then(() => process.exit(0));
  });
  send({ type: "ready", url });
}

void main();
