// Which STM32 board's bundle takes each place of a site in the
// real-interpreter suite (issue 14: the chain, modem and pass-through
// scenarios run on the STM32 bundles, each on its board's pool through
// host/dut/suiteBinary.ts). A board takes only a place its ports allow:
//   links chain: the first SMC needs link A, the last link B, one between
//     both: a Pico or a Nucleo (modem + link A) heads it, Originals (links A
//     and B) follow; a ring needs both links everywhere: all Originals.
//   pass-through: every SMC but the last needs its UART2 (link A): any mix.
// Scenarios take turns at the head so that each STM32 bundle runs each kind
// of scenario without running every scenario three times (time in CI).
import { suiteBinaryMissing, suiteBinaryTitle } from "../../host/dut/suiteBinary";

export const STM32_BOARDS = ["pico", "nucleo-f401re", "original"];
/** Boards with modem and link A only, in turn at the head of a links chain. */
const HEADS = ["pico", "nucleo-f401re"];

/** Boards of a links chain or ring of `size`; `turn` picks the head (chain only). */
export function linksLineup(size: number, ring: boolean, turn = 0): string[] {
  if (ring) return Array(size).fill("original");
  return [HEADS[turn % HEADS.length], ...Array(size - 1).fill("original")];
}

/** Boards of a pass-through chain of `size`, every STM32 board in turn from `turn`. */
export function passLineup(size: number, turn = 0): string[] {
  return Array.from({ length: size }, (_, k) => STM32_BOARDS[(turn + k) % STM32_BOARDS.length]);
}

/** One board for a single-unit scenario, in turn. */
export function unitBoard(turn: number): string {
  return STM32_BOARDS[turn % STM32_BOARDS.length];
}

/** " [pico, original x2]" for test titles. */
export function lineupTitle(boards: string[]): string {
  const parts: string[] = [];
  for (const b of boards) {
    const last = parts.length && parts[parts.length - 1].split(" x")[0];
    if (last === b) {
      const n = Number(parts[parts.length - 1].split(" x")[1] ?? 1);
      parts[parts.length - 1] = `${b} x${n + 1}`;
    } else parts.push(b);
  }
  return ` [${parts.join(", ")}]`;
}

/** What each STM32 bundle boots on, for a describe title. */
export const BINARIES_TITLE = STM32_BOARDS.map((b) => `${b}: ${suiteBinaryTitle(b)}`).join("; ");

/**
 * Skip (loudly) when a board-layout binary is missing; under CI=true a
 * missing one fails, as a missing interpreter does (realSuiteGate).
 */
export function boardBinariesGate(run: boolean): boolean {
  const missing = run && suiteBinaryMissing(STM32_BOARDS);
  if (!missing) return run;
  if (process.env.CI === "true") throw new Error(`no ${missing} beside the interpreter (../shared/espruino/bin)`);
  console.warn(`\n*** BOARD-LAYOUT SUITE SKIPPED: no ${missing} beside the interpreter ***\n`);
  return false;
}
