// Does the firmware fit a board's memory? Flashing a board that runs out of
// variables during boot leaves a server unreachable with no sign on the phone
// line, so the build warns and the flash tool refuses such a board.
import type { BoardDesc } from "../../firmware/hal/board";

/**
 * Variables in use after boot on the real interpreter, with a Hayes modem
 * configured (`npm run bench`, realVarsAfterBoot), rounded up over every
 * board's bundle. A test boots the bundles and fails when this is stale:
 * raise it only with a reason in the commit and in docs/bench.md.
 * 3,650 -> 3,700: the once-a-minute NOISE record (damaged link input and
 * stray modem lines now reach the event log, not only a counter).
 * 3,700 -> 3,650: one shared log closure, natives instead of HAL wrappers,
 * no escape in the imitated modem (highest bundle 3,583 on 2026-11-25,
 * docs/bench.md).
 */
export const VARS_AFTER_BOOT = 3650;

/**
 * A board needs more than that: strings cost about twice as many variables
 * on a board as on the PC (NOTES.md), and a call holds line buffers, pages
 * of replies and pending link frames on top.
 */
export const BOARD_MARGIN = 1.25;

export const varsNeeded = (): number => Math.ceil((VARS_AFTER_BOOT * BOARD_MARGIN) / 10) * 10;

/** Why the firmware does not fit this board, or "" when it does (or the board grows as needed). */
export function doesNotFit(board: BoardDesc): string {
  if (!board.variables || board.variables >= varsNeeded()) return "";
  return `the ${board.title} has ${board.variables.toLocaleString("en")} variables; this firmware needs about ${varsNeeded().toLocaleString("en")} (docs/boards.md, "Memory")`;
}
