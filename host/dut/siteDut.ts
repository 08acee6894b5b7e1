// A whole site under test, as chain scenarios see it: a terminal on the
// first SMC's modem port, and every SMC's pins, console and power. Backends:
// the virtual site (TypeScript sources or bundles in the emulation) and
// real interpreters wired UART to UART.
import type { Timings } from "../../firmware/config";
import type { Backend, Needle } from "./dut";

export interface SiteDut {
  readonly backend: Backend;
  readonly size: number;
  readonly ring: boolean;
  /** ID codes in chain order; ids[0] holds the console. */
  readonly ids: number[];
  readonly t: Timings;
  readonly slackMs: number;
  /** Whether unit `unit`'s board has link A or B at all (a Pico has no link B: MAP says "none" for it). */
  hasLink(unit: number, side: "A" | "B"): boolean;
  /** Whether unit `unit`'s board file names pin role `role` (the Original's has no identify output). */
  hasPin(unit: number, role: string): boolean;
  /** Bytes to the head's modem port (the console). */
  send(bytes: string): void;
  text(): string;
  clear(): void;
  waitFor(needle: Needle, deadlineMs?: number): Promise<string>;
  output(unit: number, role: string): boolean;
  waitOutput(unit: number, role: string, level: boolean, deadlineMs: number): Promise<number>;
  setInput(unit: number, role: string, level: boolean): void;
  console(unit: number): string;
  waitConsole(unit: number, needle: string, deadlineMs: number): Promise<string>;
  /** Power off one SMC (a dead SMC). */
  kill(unit: number): Promise<void>;
  powerOn(unit: number): Promise<void>;
  /** Cut / mend the cable between two neighbouring SMCs. */
  cut(a: number, b: number): void;
  mend(a: number, b: number): void;
  /**
   * Every byte the SMCs have written so far onto the cables between them
   * (the links, or pass-through's UART2 to the next modem port), both ways,
   * one char a byte: what a tap on those cables reads, a line at a time
   * (each line whole as one direction carried it, in the order the lines
   * ended; cableTap.ts), so it only grows.
   */
  cables(): string;
  /** Bytes arriving at one SMC's link port, or its modem port (pass-through's cable from the SMC before), as if from its cable (a forger's or a flooder's). */
  inject(unit: number, port: "linkA" | "linkB" | "modem", bytes: string): void;
  /**
   * Damages the first `n` frames of `kind` that unit `from` sends on the
   * cable between `from` and its neighbour `to` (their kind byte is
   * replaced, so the checksum fails; either case: a through frame's too); returns how many were damaged so far.
   */
  damage(from: number, to: number, kind: string, n: number): () => number;
  /** Injects `make()`'s bytes every 10 ms, `bytesPerSecond` on average, until the returned stop is called. */
  flood(unit: number, port: "linkA" | "linkB", bytesPerSecond: number, make: (n: number) => string): () => void;
  now(): number;
  pause(ms: number): Promise<void>;
  close(): Promise<void>;
}

export interface SiteOptions {
  size: number;
  ring: boolean;
  t?: Partial<Timings>;
  /** ID codes in chain order; 1..size by default (repeat one for an ID conflict). */
  ids?: number[];
  modemBaud?: number;
  linkBaud?: number;
  wiring?: "links" | "passthrough";
  /**
   * Units with a Hayes modem on UART1 (links wiring; real backend): unit
   * index -> the ring it answers on, and the primary's ID for a backup.
   */
  hayes?: Record<number, { answerRings: number; primaryId?: number }>;
}
