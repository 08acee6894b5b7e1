// Espruino's globals, emulated in a fresh Node `vm` context per board and
// backed by a VirtualBoard, so the built bundle (dist/<board>.js) runs on the
// same virtual hardware as the TypeScript sources. Whatever the interpreter
// lacks (NOTES.md) is removed from the context so a bundle that leans on it
// fails here first. The real interpreter remains the truth (host/real).
import vm from "node:vm";
import { VirtualBoard } from "./hardware";
import { HandlerKind, runHandler, takeErrorFlags } from "./interrupt";

export interface EmulationOptions {
  /**
   * Ignore E.setConsole: what a firmware that forgot to pin its console
   * would get. Tests use it to show the REPL exposure the pinning prevents.
   */
  ignoreSetConsole?: boolean;
}

// Espruino's String indexOf (and includes, built on it) reports a match
// where the string ends with the start of the needle, once the string is at
// least as long as the needle: "|BYE:00c|".indexOf("|FROB:") is 8, "ab".
// indexOf("bc") is 1 (2v29; NOTES.md). The emulation does the same, so a
// bundle that trusts indexOf with a needle of two or more characters fails
// here too, not only on the real interpreter. lastIndexOf is correct there.
export const ESPRUINO_INDEX_OF =
  `(function () {` +
  `var native = String.prototype.indexOf;` +
  `function indexOf(sub, from) {` +
  `var s = String(this); sub = String(sub);` +
  `if (sub.length > s.length) return -1;` +
  `for (var i = from > 0 ? Math.floor(from) : 0; i < s.length; i++) {` +
  `var j = 0; while (j < sub.length && i + j < s.length && s.charCodeAt(i + j) === sub.charCodeAt(j)) j++;` +
  `if (j === sub.length || i + j === s.length) return i;` +
  `}` +
  `return sub.length ? -1 : native.call(s, sub, from);` +
  `}` +
  `Object.defineProperty(String.prototype, "indexOf", { value: indexOf, writable: true, configurable: true });` +
  `Object.defineProperty(String.prototype, "includes", { value: function (sub, from) { return indexOf.call(this, sub, from) >= 0; }, writable: true, configurable: true });` +
  `})();`;

// What Espruino does not have; removed from the context before the bundle runs.
const MISSING_GLOBALS = ["Map", "Set", "WeakMap", "WeakSet", "Symbol", "Proxy", "Reflect", "WeakRef", "FinalizationRegistry", "BigInt"];
const REMOVE_SCRIPT =
  MISSING_GLOBALS.map((g) => `delete globalThis.${g};`).join("") +
  `delete Array.from; delete Math.imul;` +
  `Object.freeze = function () { throw new Error('Function "freeze" not found!'); };` +
  ESPRUINO_INDEX_OF;

/** Arbitrary epoch offset: getTime() on a board is seconds since 1970. */
const EPOCH_S = 1_700_000_000;

class EmuPin {
  constructor(readonly name: string) {}
  toString(): string {
    return this.name;
  }
}

function pinName(p: unknown): string {
  if (p instanceof EmuPin) return p.name;
  if (typeof p === "string") return p;
  throw new Error("Invalid pin: " + String(p));
}

function crc32(s: string): number {
  let c = ~0;
  for (let i = 0; i < s.length; i++) {
    c ^= s.charCodeAt(i) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** Bytes of whatever Espruino's Serial.write accepts. */
function bytesOf(data: unknown): string {
  if (typeof data === "string") return data;
  if (typeof data === "number") return String.fromCharCode(data & 0xff);
  if (data && typeof (data as ArrayLike<unknown>).length === "number") {
    let s = "";
    for (const x of Array.from(data as ArrayLike<unknown>)) s += bytesOf(x);
    return s;
  }
  return String(data);
}

export class Emulation {
  readonly context: vm.Context;
  private timers = new Set<number>();
  private watches = new Set<number>();
  private unsubscribe: Array<() => void> = [];
  private replLine: Record<string, string> = {};
  private stopped = false;
  private filename = "bundle.js";

  constructor(readonly hw: VirtualBoard, private opts: EmulationOptions = {}) {
    const sandbox: Record<string, unknown> = {};
    this.context = vm.createContext(sandbox, { name: "espruino:" + hw.board.name });
    vm.runInContext(REMOVE_SCRIPT, this.context);
    Object.assign(sandbox, this.globals(sandbox));
  }

  /** Runs bundle source in the context, as a board runs .bootcde at power-on. */
  run(code: string, filename = "bundle.js"): void {
    this.filename = filename;
    try {
      vm.runInContext(code, this.context, { filename });
    } catch (e) {
      this.uncaught(e);
      throw e;
    }
  }

  /**
   * Runs a timer, watch or data callback as Espruino's event loop does: an
   * exception nobody caught is printed on the console and the board goes on;
   * the clock records it too, so the test it happened in fails.
   */
  private event(fn: () => void, kind: HandlerKind = "timeout"): boolean {
    try {
      // Out of memory, stopped midway (host/sim/interrupt.ts): false.
      return runHandler(this.hw, kind, fn);
    } catch (e) {
      this.uncaught(e);
      this.hw.clock.caught(e);
      return true;
    }
  }

  /**
   * Espruino's report (jsiCheckErrors): `Uncaught <value as a string>`, then
   * the error's stack. Its stack names positions in its own way; here, the
   * frames in the bundle, as Node numbers them.
   */
  private uncaught(e: unknown): void {
    let text = "[object Object]";
    try {
      text = String(e);
    } catch {
      // a value whose toString throws: Espruino prints what it can
    }
    const stack = e !== null && typeof e === "object" ? (e as { stack?: unknown }).stack : undefined;
    const frames = typeof stack === "string" ? stack.split("\n").filter((l) => /^\s+at /.test(l) && l.includes(this.filename)) : [];
    this.hw.console.print("Uncaught " + text + "\r\n" + frames.map((l) => l + "\r\n").join(""));
  }

  /** Power off: everything this instance scheduled or listened to stops. */
  stop(): void {
    this.stopped = true;
    for (const id of this.timers) this.hw.clock.clearTimeout(id);
    for (const id of this.watches) this.hw.pins.unwatch(id);
    for (const u of this.unsubscribe) u();
    this.timers.clear();
    this.watches.clear();
  }

  private globals(sandbox: Record<string, unknown>): Record<string, unknown> {
    const hw = this.hw;
    const clock = hw.clock;
    const g: Record<string, unknown> = { global: sandbox };
    for (const port of ["A", "B", "C", "D"]) {
      for (let n = 0; n < 48; n++) g[port + n] = new EmuPin(port + n);
    }
    for (let n = 1; n <= 6; n++) g["Serial" + n] = this.serial("Serial" + n);
    const track = (id: number) => {
      this.timers.add(id);
      return id;
    };
    const wrap = (fn: () => void, once: boolean, id: () => number) => () => {
      if (once) this.timers.delete(id());
      if (!this.stopped) this.event(fn);
    };
    Object.assign(g, {
      Pin: function Pin(name: string) {
        return g[name];
      },
      setTimeout: (fn: () => void, ms = 0) => {
        let id = 0;
        id = track(clock.setTimeout(wrap(fn, true, () => id), ms));
        return id;
      },
      // An interval the interpreter stopped is removed, as Espruino does.
      setInterval: (fn: () => void, ms: number) => {
        let id = 0;
        id = track(
          clock.setInterval(() => {
            if (!this.stopped && !this.event(fn, "interval")) {
              this.timers.delete(id);
              clock.clearInterval(id);
            }
          }, ms),
        );
        return id;
      },
      clearTimeout: (id: number) => {
        this.timers.delete(id);
        clock.clearTimeout(id);
      },
      clearInterval: (id: number) => {
        this.timers.delete(id);
        clock.clearInterval(id);
      },
      getTime: () => EPOCH_S + clock.now() / 1000,
      digitalWrite: (pin: unknown, v: unknown) => hw.pins.drive(pinName(pin), !!v),
      digitalRead: (pin: unknown) => (hw.pins.level(pinName(pin)) ? 1 : 0),
      digitalPulse: (pin: unknown, v: unknown, ms: number) => {
        hw.pins.drive(pinName(pin), !!v);
        track(clock.setTimeout(() => hw.pins.drive(pinName(pin), !v), ms));
      },
      pinMode: () => undefined,
      analogRead: (pin: unknown) => {
        const v = hw.pins.analog(pinName(pin));
        if (Number.isNaN(v)) throw new Error("Analog is not supported on this pin");
        return v;
      },
      setWatch: (fn: (e: unknown) => void, pin: unknown, o: { edge?: string; debounce?: number; repeat?: boolean } = {}) => {
        const id = hw.pins.watch(
          pinName(pin),
          { edge: (o.edge ?? "both") as "both", debounce: o.debounce ?? 0, repeat: !!o.repeat },
          (e) => {
            if (!this.stopped) this.event(() => fn(e));
          },
        );
        this.watches.add(id);
        return id;
      },
      clearWatch: (id?: number) => {
        hw.pins.unwatch(id);
        if (id === undefined) this.watches.clear();
        else this.watches.delete(id);
      },
      console: { log: (...a: unknown[]) => hw.console.print(a.map(String).join(" ") + "\r\n") },
      require: (name: string) => {
        if (name === "Storage") return hw.storage.api();
        throw new Error('Module "' + name + '" not found');
      },
      process: {
        // Not measured: the bundle's variables live in Node's heap here, so
        // -1 makes DIAG say so instead of printing a made-up figure.
        memory: () => ({ free: -1, usage: -1, total: -1 }),
        version: "2v29",
        env: { BOARD: hw.board.name },
      },
      E: {
        setConsole: (device: unknown, o?: { force?: boolean }) => {
          if (this.opts.ignoreSetConsole) return;
          const name = device === null ? null : typeof device === "string" ? device : (device as { name: string }).name;
          hw.console.set(name, !!o?.force);
        },
        getConsole: () => hw.console.device,
        enableWatchdog: (s: number) => hw.enableWatchdog(s),
        kickWatchdog: () => hw.kickWatchdog(),
        reboot: () => hw.requestReboot(),
        getTemperature: () => hw.temperature,
        CRC32: (s: string) => crc32(bytesOf(s)),
        getErrorFlags: () => takeErrorFlags(hw),
        toString: (...a: unknown[]) => a.map(bytesOf).join(""),
        toUint8Array: (s: string) => Uint8Array.from(bytesOf(s), (c) => c.charCodeAt(0)),
      },
    });
    return g;
  }

  private serial(name: string): object {
    const hw = this.hw;
    const end = hw.uarts[name];
    const listeners: Array<(d: string) => void> = [];
    // Bytes that came while no receiver was attached (the interpreter
    // removed the one it stopped): Espruino holds them for the next one.
    let held = "";
    const deliver = (bytes: string) => {
      if (!listeners.length) held += bytes;
      else if (!this.event(() => listeners.slice().forEach((l) => l(bytes)), "data")) listeners.splice(0);
    };
    const self = {
      name,
      path: undefined as string | undefined,
      setup: (baud?: number) => end.setBaud(baud || 9600),
      write: (...data: unknown[]) => end.write(data.map(bytesOf).join("")),
      print: (s: unknown) => end.write(bytesOf(s)),
      println: (s: unknown) => end.write(bytesOf(s) + "\r\n"),
      on: (ev: string, fn: (d: string) => void) => {
        if (ev !== "data") return;
        listeners.push(fn);
        const h = held;
        held = "";
        if (h) this.timers.add(hw.clock.setTimeout(() => !this.stopped && deliver(h), 0));
      },
      removeAllListeners: (ev?: string) => {
        if (!ev || ev === "data") listeners.splice(0);
      },
      removeListener: (ev: string, fn: (d: string) => void) => {
        const i = listeners.indexOf(fn);
        if (ev === "data" && i >= 0) listeners.splice(i, 1);
      },
      setConsole: (force?: boolean) => hw.console.set(name, !!force),
    };
    this.unsubscribe.push(
      end.onData((bytes) => {
        if (this.stopped) return;
        if (hw.console.device === name) this.repl(name, bytes);
        else deliver(bytes);
      }),
    );
    return self;
  }

  /** A caller that reaches the REPL can run any code on the SMC: emulate that faithfully. */
  private repl(name: string, bytes: string): void {
    const end = this.hw.uarts[name];
    for (const ch of bytes) {
      const line = this.replLine[name] ?? "";
      if (ch === "\r" || ch === "\n") {
        this.replLine[name] = "";
        let out: string;
        try {
          out = "=" + String(vm.runInContext(line, this.context));
        } catch (e) {
          out = "Uncaught " + String(e);
        }
        end.write("\r\n" + out + "\r\n>");
      } else if (ch === "\x03") {
        this.replLine[name] = "";
        end.write("\r\n>");
      } else if (ch >= " ") {
        this.replLine[name] = line + ch;
        end.write(ch);
      }
    }
  }
}
