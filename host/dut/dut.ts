// A device under test, as scenarios see it: bytes on UARTs, pin levels and
// durations only, so one scenario runs on the TypeScript sources, on the
// built bundle in the emulation (virtual clock), and on the real
// interpreter (wall clock).
import type { SmcConfig } from "../../firmware/config";
import type { BoardDesc } from "../../firmware/hal/board";

export type PortRole = "modem" | "linkA" | "linkB";
export type Backend = "ts" | "emu" | "real";

export interface Dut {
  readonly backend: Backend;
  readonly board: BoardDesc;
  /** The configuration stored on the unit (timings the scenario can expect). */
  readonly config: SmcConfig;
  /** Largest expected error of a measured duration on this backend, ms. */
  readonly slackMs: number;
  send(port: PortRole, bytes: string): void;
  /** Bytes received from the SMC on `port` since the last clear. */
  text(port: PortRole): string;
  clear(port: PortRole): void;
  /**
   * Resolves with text(port) once it contains `needle` (or the predicate
   * holds); rejects after `deadlineMs`.
   */
  waitFor(port: PortRole, needle: Needle, deadlineMs?: number): Promise<string>;
  setInput(role: string, level: boolean): void;
  output(role: string): boolean;
  /** Resolves with the time (ms, dut clock) at which output(role) === level. */
  waitOutput(role: string, level: boolean, deadlineMs: number): Promise<number>;
  /** Resolves once the board's own console (USB) shows `needle`. */
  waitConsole(needle: string, deadlineMs: number): Promise<string>;
  console(): string;
  now(): number;
  /** Lets time pass between polls of a condition (virtual: advances the clock). */
  pause(ms: number): Promise<void>;
  /** Cuts power and powers on again; the flash is kept. */
  powerCycle(): Promise<void>;
  /** A file of the unit's flash (Storage), or undefined. */
  readFile(name: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export type Needle = string | ((text: string) => boolean);

export function matches(text: string, needle: Needle): boolean {
  return typeof needle === "string" ? text.includes(needle) : needle(text);
}

/** True once a typed command's final line (OK or ERR) has arrived. */
export function finalSeen(text: string): boolean {
  return /(^|\r\n)(OK|ERR \d+[^\r]*)\r\n$/.test(text);
}

export const DEFAULT_DEADLINE = 5000;

/** A wait that gave up: `what` names what it waited for and what it saw by then. */
export function describeMiss(what: string, deadlineMs: number, at: number): Error {
  return new Error(`timed out after ${deadlineMs} ms (virtual time ${at} ms) waiting for ${what}`);
}
