/** A progress bar on stderr while a phase runs; silent when stderr is not a terminal. */
import { Presets, SingleBar } from "cli-progress";

export interface Progress {
  start(label: string, total: number, unit: string): void;
  update(value: number, note?: string): void;
  stop(): void;
}

const silent: Progress = { start() {}, update() {}, stop() {} };

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return silent;
  let bar: SingleBar | undefined;
  return {
    start(label, total, unit) {
      bar?.stop();
      bar = new SingleBar(
        {
          stream,
          format: `${label.padEnd(24)} [{bar}] {value}/{total} ${unit} {note}`,
          hideCursor: true,
          clearOnComplete: true,
        },
        Presets.shades_classic,
      );
      bar.start(Math.round(total), 0, { note: "" });
    },
    update(value, note = "") {
      bar?.update(Math.round(value), { note });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
