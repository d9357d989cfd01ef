/** The receiver in a child process of its own, as seen from the bench process. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { Received, Receiver } from "./receiver.ts";
import type { FromChild, ToChild } from "./receiver-child.ts";

const entry = fileURLToPath(new URL("./receiver-child.ts", import.meta.url));

type Reply<T extends FromChild["type"]> = Extract<FromChild, { type: T }>;

interface Waiter {
  readonly resolve: (message: FromChild) => void;
  readonly reject: (error: Error) => void;
}

export async function startReceiverProcess(): Promise<Receiver> {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    serialization: "advanced",
  });
  let count = 0;
  const waiting = new Map<FromChild["type"], Waiter>();
  child.on("message", (message: FromChild) => {
    if (message.type === "count") count = message.count;
    waiting.get(message.type)?.resolve(message);
    waiting.delete(message.type);
  });
  child.on("exit", (code) => {
    for (const waiter of waiting.values()) {
      waiter.reject(new Error(`receiver process exited with ${code}`));
    }
    waiting.clear();
  });
  const ask = <T extends FromChild["type"]>(type: T, request?: ToChild): Promise<Reply<T>> =>
    new Promise((resolve, reject) => {
      waiting.set(type, { resolve: (message) => resolve(message as Reply<T>), reject });
      if (request) child.send(request);
    });
  const ready = await ask("ready");
  return {
    url: ready.url,
    count: () => count,
    take: async (): Promise<Received> => (await ask("taken", { type: "take" })).received,
    cpuSeconds: async () => (await ask("cpu", { type: "cpu" })).seconds,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.disconnect();
      await exited;
    },
  };
}
