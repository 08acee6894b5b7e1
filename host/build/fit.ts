// Does the firmware fit a board's memory? Flashing a board that runs out of
// variables during boot or in a call leaves a server unreachable with no
// sign on the phone line, so the build warns and the flash tool refuses such
// a board.
import type { BoardDesc } from "../../firmware/hal/board";

/** What a bundle was measured to hold, in variables. */
export interface Measured {
  /** After boot, every feature on (Hayes modem, the board's links, its server inputs, the event log). */
  afterBoot: number;
  /** The highest a timer sampled between the firmware's events in a call of every command (host/bench/boardMemory.ts, CALL). */
  peakInCall: number;
  /**
   * The true worst moment of that call with three accounts and a full event
   * log, inside the commands too: by ballast (host/bench/truePeak.ts; npm
   * run bench's boardVarsTruePeakFullLog). What the fit check uses.
   */
  truePeak: number;
  /** The binary it was measured on: the board's own pool, or espruino-pico where it cannot boot on its own. */
  binary: "espruino-pico" | "espruino-original";
}

/**
 * Measured on the board-layout interpreters (`npm run bench`, boardLayout:
 * 13-byte variables as on the STM32 boards), with the bench's memory
 * sampler running (a few variables), each bundle on its own board's pool.
 * host-tests/bundles.real.test.ts measures them again and fails when one is
 * more than MEASURED_TOLERANCE off in either direction (stale one way lets
 * through a board that runs out; the other way refuses one that fits):
 * update them with the commit that moves them, and docs/bench.md with the
 * reason.
 */
export const MEASURED: Record<string, Measured> = {
  pico: { afterBoot: 1490, peakInCall: 1564, truePeak: 1794, binary: "espruino-pico" },
  "nucleo-f401re": { afterBoot: 1484, peakInCall: 1570, truePeak: 1804, binary: "espruino-pico" },
  original: { afterBoot: 1561, peakInCall: 1636, truePeak: 1867, binary: "espruino-original" },
};

/**
 * How far a measured figure may drift from MEASURED before the test asks
 * for an update. The peak of a call is sampled from a timer between the
 * firmware's events, so one run may miss a reply's moment: 5 % was seen
 * exceeded by a run that sampled 157 below the bench's peak, on an
 * unchanged build.
 */
export const MEASURED_TOLERANCE = 0.08;

/**
 * Share of a board's pool that must stay free at the measured true peak:
 * a margin for what the bench's call does not hold (a longer reply, a busy
 * chain, a second caller's search). Issue 14's 25 %, which every board now
 * keeps (the Original 33.1 %: docs/bench.md, "True peak"): a change that
 * takes a board below it makes the build say "does not fit".
 */
export const FREE_AT_PEAK = 0.25;

/** A board without a figure of its own (ESP32: no board-layout binary) is judged by the largest measured. */
const figureFor = (board: BoardDesc): number => (MEASURED[board.name] ?? Object.values(MEASURED).reduce((a, b) => (a.truePeak > b.truePeak ? a : b))).truePeak;

/** Variables a board needs: the measured true peak of a call with FREE_AT_PEAK of the pool left, rounded up to 10. */
export const varsNeeded = (board: BoardDesc): number => Math.ceil(figureFor(board) / (1 - FREE_AT_PEAK) / 10) * 10;

/** Why the firmware does not fit this board, or "" when it does (or the board grows as needed). */
export function doesNotFit(board: BoardDesc): string {
  if (!board.variables || board.variables >= varsNeeded(board)) return "";
  return `the ${board.title} has ${board.variables.toLocaleString("en")} variables; this firmware needs about ${varsNeeded(board).toLocaleString("en")} (a call's true peak of ${figureFor(board).toLocaleString("en")} measured, and ${FREE_AT_PEAK * 100} % free; docs/boards.md, "Memory")`;
}
