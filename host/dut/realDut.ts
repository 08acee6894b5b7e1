// Dut on the real Espruino interpreter, in real time. Pins the Linux build
// lacks (B3, A9...) are aliased onto D pins in .boot0, and UART setup
// options (tx/rx pins, which the Linux build would read as a missing device
// path) get a path lent by a shim of their first setup, so every board's
// bundle runs unchanged.
import { readFileSync } from "node:fs";
import { parseConfig } from "../../firmware/config";
import type { BoardDesc } from "../../firmware/hal/board";
import { configDocument, UnitSettings } from "../sim/provision";
import { RealBoard, readStorageFile, startRealBoard, waitFor } from "../real";
import { boardBytesPath } from "../build/build";
import { loadBoard } from "./virtualDut";
import { DEFAULT_DEADLINE, Dut, matches, PortRole } from "./dut";

export interface RealDut extends Dut {
  real: RealBoard;
  /** D pin number behind a logical role. */
  pinNumber(role: string): number;
  /** The globals .boot0 defines that a board would not hold (pinPlan). */
  harnessGlobals: string[];
  /** Evaluates an expression on the board's REPL (USB or its console UART); `valid`: what a whole answer looks like (RealBoard.evaluate). */
  evaluate(expr: string, deadlineMs?: number, valid?: RegExp): Promise<string>;
}

/**
 * Maps every pin name of a board onto a D pin of the Linux build: a global
 * per name (2 variables each on a board's layout: the name and its pin),
 * which a board does not hold (its interpreter knows its pin names), and
 * the analog stand-in. `globals` names them, so that a bench can measure
 * their share (host/bench/boardMemory.ts, harness).
 */
function pinPlan(board: BoardDesc): { numbers: Record<string, number>; boot0: string; globals: string[] } {
  const names = Object.values(board.pins);
  for (const p of Object.values(board.ports)) if (p?.tx) names.push(p.tx, p.rx!);
  const numbers: Record<string, number> = {};
  let boot0 = "";
  const globals: string[] = [];
  let next = 1;
  for (const name of names) {
    if (/^D\d+$/.test(name) && board.name === "linux") numbers[name] = Number(name.slice(1));
    else {
      numbers[name] = next++;
      boot0 += `global.${name}=D${numbers[name]};`;
      globals.push(name);
    }
  }
  // The Linux build has no ADC (it prints an ERROR for analogRead): boards
  // with analog inputs read a fixed 0.075 (24.8 C on a 330-scale sensor).
  if (board.name !== "linux" && Object.values(board.inputs ?? {}).some((i) => i.kind === "analog")) {
    boot0 += "global.analogRead=function(){return 0.075;};";
    globals.push("analogRead");
  }
  return { numbers, boot0, globals };
}

/**
 * UART setup on the Linux build: it opens the device named by `path` in the
 * options object a setup is given, and the board file's options carry tx
 * and rx pins, no path. So each such SerialN's first setup (the firmware's,
 * at boot: Uart.setup is boot-only, hal/types.ts) goes through a shim that
 * lends the options .boot0's path, calls Espruino's own setup and then
 * removes itself, the path and the loan: after it the SerialN holds what a
 * board's holds (its baud rate and the firmware's {tx, rx}), and .boot0
 * nothing (a shim kept for good with its saved native and path was ~13
 * variables a port on a board's 13-byte layout, docs/bench.md "The test
 * harness's share"). A second setup would find no path: the Linux build
 * says "No path defined for device".
 */
function setupShims(board: BoardDesc): string {
  let boot0 = "";
  for (const p of Object.values(board.ports)) {
    const s = p?.tx ? p.serial : "";
    if (s) boot0 += `${s}.setup=function(b,o){delete ${s}.setup;o.path=${s}.path;${s}.setup(b,o);delete ${s}.path;delete o.path;};`;
  }
  return boot0;
}

export interface RealDutOptions {
  /** Boot on this interpreter (a board-layout binary) instead of bin/espruino. */
  bootBin?: string;
  /** More JavaScript for .boot0 (a bench's memory sampler). */
  boot0Extra?: string;
  /** More Storage files at the start (a bench's event log filled beforehand). */
  files?: Record<string, string>;
  /** More D pins with GPIO files (a pin only a test's probe would drive). */
  pins?: number[];
}

export async function realDut(boardName: string, settings: UnitSettings, stored?: string | null, opts: RealDutOptions = {}): Promise<RealDut> {
  const board = loadBoard(boardName);
  const plan = pinPlan(board);
  const doc = stored === undefined ? configDocument(settings) : stored;
  const serialOf = (role: PortRole) => Number(board.ports[role]!.serial.replace("Serial", ""));
  const roles = (["modem", "linkA", "linkB"] as PortRole[]).filter((r) => board.ports[r]);
  // Boards whose REPL lives on a UART (ESP32's Serial1, the Nucleo's
  // Serial2) print their console there: wire it too and read it.
  const consoleSerial = /^Serial\d$/.test(board.console) ? Number(board.console.slice(6)) : 0;
  const real = await startRealBoard({
    // The board's bytes (pretokenised), as the flash tool writes them.
    bundle: readFileSync(boardBytesPath(boardName), "latin1"),
    files: { ...(doc === null ? {} : { "smc.json": doc }), ...opts.files },
    uarts: consoleSerial ? [...roles.map(serialOf), consoleSerial] : roles.map(serialOf),
    pins: [...Object.values(plan.numbers), ...(opts.pins ?? [])],
    // A board opens its console UART itself; the Linux build needs telling.
    // The console UART first, by Espruino's own setup (not a port's shim).
    boot0Extra: plan.boot0 + (consoleSerial ? `Serial${consoleSerial}.setup(9600);` : "") + setupShims(board) + (opts.boot0Extra ?? ""),
    bootBin: opts.bootBin,
    // As the Linux board's systemd unit does: a reboot (the process ending) starts it again.
    supervise: true,
  });
  const config = parseConfig(doc ?? undefined).config;
  const pinNumber = (role: string) => plan.numbers[board.pins[role]];
  const uart = (port: PortRole) => real.uart(serialOf(port));
  const cleared: Record<string, number> = {};
  const text = (port: PortRole) => {
    if (!board.ports[port]) return "";
    return uart(port).received().toString("latin1").slice(cleared[port] ?? 0);
  };
  const t0 = performance.now();
  const consoleText = () =>
    real.console() + (consoleSerial ? real.uart(consoleSerial).received().toString("latin1").replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "") : "");
  return {
    backend: "real",
    board,
    config,
    // Pin files are polled every ~2 ms and the interpreter's timers run on a
    // busy PC: measured durations are good to a few tens of ms.
    slackMs: 60,
    real,
    pinNumber,
    harnessGlobals: plan.globals,
    send: (port, bytes) => uart(port).write(bytes),
    text,
    clear: (port) => {
      if (board.ports[port]) cleared[port] = uart(port).received().length;
    },
    waitFor: async (port, needle, deadline = DEFAULT_DEADLINE) => {
      await waitFor(() => matches(text(port), needle), deadline, () => `${String(needle)} on ${port}: ${JSON.stringify(text(port))}`);
      return text(port);
    },
    setInput: (role, level) => real.setPin(pinNumber(role), level ? 1 : 0),
    output: (role) => real.readPin(pinNumber(role)) === 1,
    waitOutput: async (role, level, deadline) => {
      await waitFor(() => (real.readPin(pinNumber(role)) === 1) === level, deadline, () => `${role} ${level ? "high" : "low"}; console: ${JSON.stringify(consoleText().slice(-400))}`);
      return performance.now() - t0;
    },
    waitConsole: async (needle, deadline) => {
      await waitFor(() => consoleText().includes(needle), deadline, () => `console ${JSON.stringify(needle)}: ${JSON.stringify(consoleText())}`);
      return consoleText();
    },
    console: consoleText,
    now: () => performance.now() - t0,
    pause: (ms) => new Promise((r) => setTimeout(r, ms)),
    powerCycle: async () => {
      for (const p of roles) cleared[p] = 0;
      await real.powerCycle();
    },
    // Generous: under a loaded CI machine the REPL may answer late, and a
    // late answer is not a failure of the firmware.
    evaluate: (expr, deadlineMs = 15000, valid) => real.evaluate(expr, deadlineMs, consoleSerial || undefined, valid),
    // From the flash image, not the REPL (host/real/storageFile.ts says why).
    readFile: async (name) => readStorageFile(real.dir, name),
    close: () => real.kill(),
  };
}
