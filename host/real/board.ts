// One real interpreter running a bundle the way a board does: the bundle
// written byte for byte as Storage ".bootcde", per-run wiring in ".boot0",
// then `espruino` started with no arguments so it boots from Storage. Its
// standard input (the USB console) stays open; SIGKILL is its power switch.
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { makeGpio, readPin, writePin } from "./gpio";
import { killAndWait } from "./kill";
import { findInterpreter, pollFor, waitFor } from "./interpreter";
import { RealUart } from "./pty";
import { byteLiteral } from "../build/pretokenise";

export interface RealBoardOptions {
  /** What is stored as .bootcde, byte for byte (a latin1 string: the build's pretokenised dist/<board>.bootcde). */
  bundle: string;
  /** Further Storage files, e.g. the SMC's "smc.json". */
  files?: Record<string, string>;
  /** SerialN to wire to pseudo-terminals. */
  uarts: number[];
  /** D pins that get GPIO files. */
  pins: number[];
  inputs?: Record<number, 0 | 1>;
  /** More JavaScript for .boot0, after the SerialN.path lines (pin aliases). */
  boot0Extra?: string;
  /**
   * Play the Linux board's supervisor (host/flash/linux/smc.service,
   * Restart=always): when the process ends by itself (E.reboot() ends the
   * Linux build), start it again on the same flash, console kept.
   */
  supervise?: boolean;
  /**
   * Start the interpreter as this shell command line does (a systemd unit's
   * ExecStart, its interpreter path pointing at the test's), with no
   * standard input, as systemd starts it; its whole process group ends with
   * it, as a unit's control group does. No REPL for evaluate() then.
   */
  execStart?: string;
  /**
   * The interpreter that boots it (a board-layout binary, interpreter.ts's
   * boardBinary); Storage is always written with the large-pool one.
   */
  bootBin?: string;
}

/** Pause before a supervised restart, as the unit's RestartSec (shortened). */
const RESTART_MS = 100;

// Every process and folder ever made, so nothing outlives the test run.
const live = new Set<ChildProcess>();
const dirs = new Set<string>();
process.on("exit", () => {
  for (const p of live) {
    p.kill("SIGKILL");
    try {
      // A process group of its own (execStart): the rest of it too.
      process.kill(-p.pid!, "SIGKILL");
    } catch {
      // Not a group leader.
    }
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function track(p: ChildProcess): void {
  live.add(p);
  p.on("exit", () => live.delete(p));
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]/g;

export class RealBoard {
  private proc?: ChildProcess;
  private out = "";
  private uartMap = new Map<number, RealUart>();
  /** Times the supervisor started the process again after it ended by itself. */
  restarts = 0;
  /** Powered off by the test: no supervised restart. */
  private off = false;

  private constructor(
    readonly dir: string,
    private bin: string,
    private socat: string,
    private opts: RealBoardOptions,
  ) {}

  static async start(opts: RealBoardOptions): Promise<RealBoard> {
    const tools = findInterpreter();
    if (!tools.bin || !tools.socat) throw new Error("cannot start a real board: missing " + tools.missing);
    const dir = mkdtempSync(path.join(tmpdir(), "smc-real-"));
    dirs.add(dir);
    const b = new RealBoard(dir, tools.bin, tools.socat, opts);
    try {
      makeGpio(dir, opts.pins, opts.inputs);
      for (const n of opts.uarts) b.uartMap.set(n, new RealUart(path.join(dir, `s${n}`), path.join(dir, `u${n}`), tools.socat, track));
      b.install();
      await b.powerOn();
      return b;
    } catch (e) {
      // Half-started: nothing of it may outlive the failure.
      await b.kill();
      throw e;
    }
  }

  /** Writes Storage as a flashing tool would, and checks the bundle landed byte for byte. */
  private install(): void {
    const boot0 = this.opts.uarts.map((n) => `Serial${n}.path=${JSON.stringify(path.join(this.dir, `s${n}`))};`).join("") + (this.opts.boot0Extra ?? "");
    const files: Record<string, string> = { ".bootcde": this.opts.bundle, ".boot0": boot0, ...(this.opts.files ?? {}) };
    const lines = ['var s=require("Storage");'];
    // Written as bytes (\xNN escapes), never as UTF-8: pretokenised code uses bytes 128-255.
    for (const [name, text] of Object.entries(files)) lines.push(`s.write(${JSON.stringify(name)},${byteLiteral(text)});`);
    lines.push('var c=s.read(".bootcde");console.log("INSTALLED "+c.length+" "+E.CRC32(c));quit();');
    writeFileSync(path.join(this.dir, "install.js"), lines.join("\n"));
    const r = spawnSync(this.bin, ["install.js"], { cwd: this.dir, input: "", encoding: "latin1", timeout: 20000 });
    const bytes = Buffer.from(this.opts.bundle, "latin1");
    const want = `INSTALLED ${bytes.length} ${crc32(bytes)}`;
    if (!r.stdout.includes(want)) throw new Error(`installing the bundle failed: expected "${want}", got:\n${r.stdout.replace(ESCAPES, "")}`);
  }

  /** Powers on: boots from the flash as it is. */
  async powerOn(keepConsole = false): Promise<void> {
    if (this.alive()) return;
    this.off = false;
    if (!keepConsole) this.out = "";
    for (const u of this.uartMap.values()) await u.open();
    const cmd = this.opts.execStart;
    const proc = cmd
      ? spawn("/bin/sh", ["-c", cmd], { cwd: this.dir, stdio: ["ignore", "pipe", "pipe"], detached: true })
      : spawn(this.opts.bootBin ?? this.bin, [], { cwd: this.dir, stdio: ["pipe", "pipe", "pipe"] });
    track(proc);
    if (cmd) {
      proc.on("exit", () => {
        try {
          process.kill(-proc.pid!, "SIGKILL");
        } catch {
          // The group is gone already.
        }
      });
    }
    if (this.opts.supervise) {
      proc.on("exit", () => {
        // A power cut (powerOff) forgets the process first: only an exit of its own restarts it.
        if (this.proc !== proc) return;
        this.proc = undefined;
        this.restarts++;
        setTimeout(async () => {
          if (this.proc || this.off) return;
          // socat ends with the interpreter's end of the pty: new ones, then the interpreter.
          for (const u of this.uartMap.values()) await u.close();
          await this.powerOn(true);
        }, RESTART_MS);
      });
    }
    proc.stdout!.on("data", (d: Buffer) => (this.out += d.toString("latin1")));
    proc.stderr!.on("data", (d: Buffer) => (this.out += d.toString("latin1")));
    // Its REPL reads standard input; at end of input it spins, so never end it.
    proc.stdin?.on("error", () => undefined);
    this.proc = proc;
  }

  uart(n: number): RealUart {
    const u = this.uartMap.get(n);
    if (!u) throw new Error(`Serial${n} is not wired`);
    return u;
  }

  setPin(n: number, level: 0 | 1): void {
    writePin(this.dir, n, level);
  }

  readPin(n: number): 0 | 1 {
    return readPin(this.dir, n);
  }

  /** Console output since power-on, without VT100 escapes or the banner. */
  console(): string {
    const text = this.out.replace(ESCAPES, "").replace(/\r/g, "");
    const i = text.indexOf("espruino.com");
    if (i < 0) return text;
    const after = text.indexOf("\n", text.indexOf("Donate", i));
    return after < 0 ? "" : text.slice(after + 1);
  }

  /**
   * Evaluates `expr` on the REPL and resolves with its printed value: on
   * standard input (USB), or on `consoleUart` for boards whose REPL is a UART.
   * `valid` (optional) says what a whole answer looks like: one that is not
   * is a spoiled try, retried as a lost line is.
   */
  async evaluate(expr: string, deadlineMs = 5000, consoleUart?: number, valid?: RegExp): Promise<string> {
    const text = () => (consoleUart ? this.uart(consoleUart).received().toString("latin1").replace(ESCAPES, "").replace(/\r/g, "") : this.console());
    // Under heavy use the Linux build's REPL now and then loses a byte of its
    // standard input (measured: a couple of lines in a few hundred; its
    // input thread appends to the event queue while the main loop reads it,
    // unlocked: targets/linux/jshardware.c, src/jsdevices.c); the line then
    // never answers, or fails to parse, or is echoed (its Ctrl-P lost). So
    // each try gets a share of the deadline, and a retry first erases
    // whatever the REPL holds (ESC [ 2 H: Espruino's "erase the input
    // line"; a bare newline ran a half line, or, in an open bracket, only
    // added to it, and the retries with it). (Tests read Storage without
    // the REPL: storageFile.ts.)
    const TRIES = 3;
    for (let attempt = 1; ; attempt++) {
      const tag = Math.random().toString(36).slice(2, 8);
      // The answer is "@@<tag>{<value>}<tag>@@", and the line that asks
      // holds neither marker as it is printed ("@@"+"<tag>{"): an echoed
      // line (a lost Ctrl-P, a line not empty) is not taken for the answer,
      // nor is an answer that did not end.
      const open = `@@${tag}{`;
      const close = `}${tag}@@`;
      // Ctrl-P at the start of a line: Espruino does not echo that line.
      const line = (attempt > 1 ? "\x1b[2H" : "") + `\x10console.log("@@"+"${tag}{"+(${expr})+"}"+"${tag}@@")\n`;
      if (consoleUart) this.uart(consoleUart).write(line);
      else this.proc?.stdin?.write(line);
      const answer = new RegExp(`${open.replace("{", "\\{")}(.*)${close.replace("}", "\\}")}\n`);
      let value: string | undefined;
      try {
        // Early tries give up on time (a lost line is retried at once); the
        // last one also gets the room of a loaded machine.
        await (attempt < TRIES ? pollFor : waitFor)(
          () => {
            const m = text().match(answer);
            if (m) value = m[1];
            return !!m;
          },
          deadlineMs / TRIES,
          () => `console answer to ${expr} (${TRIES} tries); the console ended with ${JSON.stringify(text().slice(-400))}`,
        );
        if (valid && !valid.test(value!)) throw new Error(`the console's answer to ${expr} (${TRIES} tries) is ${JSON.stringify(value)}, not ${valid}; the console ended with ${JSON.stringify(text().slice(-400))}`);
        return value!;
      } catch (e) {
        if (attempt >= TRIES) throw e;
      }
    }
  }

  /** Bytes typed on the REPL's console (standard input) as they are, no line of evaluate()'s: a test's half line. */
  typeConsole(bytes: string): void {
    this.proc?.stdin?.write(bytes);
  }

  /** The interpreter's process id while it runs (for CPU figures from /proc). */
  pid(): number | undefined {
    return this.alive() ? this.proc!.pid : undefined;
  }

  alive(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Cuts the power (SIGKILL); the flash and the folder stay. */
  async powerOff(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    this.off = true;
    await killAndWait(p);
    for (const u of this.uartMap.values()) await u.close();
  }

  /** Power cut and power on: the flash (espruino.flash) is kept. */
  async powerCycle(): Promise<void> {
    await this.powerOff();
    this.out = "";
    await this.powerOn();
  }

  async kill(): Promise<void> {
    await this.powerOff();
    rmSync(this.dir, { recursive: true, force: true });
    dirs.delete(this.dir);
  }
}

export const startRealBoard = (opts: RealBoardOptions) => RealBoard.start(opts);
