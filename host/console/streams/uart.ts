// A simulated UART end (host/sim) as a byte stream: the console library
// in-process against a simulated site, on its virtual clock.
import type { UartEnd } from "../../sim/wire";
import type { ByteStream } from "../stream";

export interface UartStreamOptions {
  /** Called by dropDtr with the level, where the test wires a DTR line. */
  dtr?: (level: boolean) => void;
  /** Wait used by dropDtr on the same clock as the UART. */
  after?: (fn: () => void, ms: number) => void;
}

export function uartStream(end: UartEnd, name = "sim", opts: UartStreamOptions = {}): ByteStream & { lost(why: string): void } {
  let closers: Array<(why: string) => void> = [];
  let open = true;
  const unsubs: Array<() => void> = [];
  return {
    name,
    hasDtr: !!opts.dtr,
    write: (bytes) => {
      if (open) end.write(bytes);
    },
    onData: (cb) => {
      const off = end.onData((b) => open && cb(b));
      unsubs.push(off);
      return off;
    },
    onClose: (cb) => {
      closers.push(cb);
    },
    dropDtr: (ms) =>
      new Promise((resolve) => {
        if (!opts.dtr || !opts.after) return resolve(false);
        opts.dtr(false);
        opts.after(() => {
          opts.dtr!(true);
          resolve(true);
        }, ms);
      }),
    close: async () => {
      open = false;
      closers = [];
      for (const u of unsubs) u();
    },
    /** The stream ends by itself (a test's cable pulled out). */
    lost(why: string) {
      if (!open) return;
      open = false;
      for (const c of closers) c(why);
      closers = [];
    },
  };
}
