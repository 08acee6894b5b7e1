// The bench's figures from the board-layout interpreters (boardMemory.ts):
// per STM32 board, variables after boot, at the worst moment of a call of
// every command, and after 1,000 more commands. A bundle that cannot boot
// on its board's own pool is run on espruino-pico too (same layout, larger
// pool), which says how much it would need.
import { boardBinaryFor } from "../real";
import { boardCall, type BoardCall } from "./boardMemory";

export const BOARD_COMMANDS = 1000;

export interface BoardFigures {
  binary: string;
  pool: number;
  booted: boolean;
  boardVarsAfterBoot: number | null;
  boardVarsPeakInCall: number | null;
  boardVarsAfter1000: number | null;
  /** Share of the pool free at the peak, percent. */
  freeAtPeakPct: number | null;
  /** When it does not boot on its own pool: the same call on espruino-pico. */
  onPicoBinary?: { boardVarsAfterBoot: number | null; boardVarsPeakInCall: number | null; boardVarsAfter1000: number | null };
}

const POOLS: Record<string, number> = { "espruino-pico": 5100, "espruino-original": 2756 };

const figures = (c: BoardCall) => ({ boardVarsAfterBoot: c.vars, boardVarsPeakInCall: c.peakInCall, boardVarsAfter1000: c.after });

export async function boardFigures(boards: string[]): Promise<Record<string, BoardFigures>> {
  const out: Record<string, BoardFigures> = {};
  for (const b of boards) {
    const binary = boardBinaryFor(b);
    if (!binary) continue;
    const c = await boardCall(b, BOARD_COMMANDS, binary);
    const pool = POOLS[binary];
    const row: BoardFigures = { binary, pool, booted: c.booted, ...figures(c), freeAtPeakPct: c.peakInCall === null ? null : Math.round((100 * (pool - c.peakInCall)) / pool) };
    if (!c.booted && binary !== "espruino-pico") row.onPicoBinary = figures(await boardCall(b, BOARD_COMMANDS, "espruino-pico"));
    out[b] = row;
  }
  return out;
}

/** The table the bench prints. */
export function boardTable(rows: Record<string, BoardFigures>): string[] {
  const pad = (s: unknown, n: number) => String(s ?? "-").padStart(n);
  const lines = [
    `\nboard layout (13-byte variables, the board's own pool; every feature on; a call of every command; ${BOARD_COMMANDS} more commands)`,
    `${"board".padEnd(15)}${pad("binary", 19)}${pad("pool", 6)}${pad("after boot", 12)}${pad("peak in call", 14)}${pad(`after ${BOARD_COMMANDS}`, 12)}${pad("free at peak", 14)}`,
  ];
  for (const [name, r] of Object.entries(rows)) {
    lines.push(`${name.padEnd(15)}${pad(r.binary, 19)}${pad(r.pool, 6)}${pad(r.boardVarsAfterBoot, 12)}${pad(r.boardVarsPeakInCall, 14)}${pad(r.boardVarsAfter1000, 12)}${pad(r.freeAtPeakPct === null ? null : r.freeAtPeakPct + "%", 14)}`);
    if (!r.booted) {
      const p = r.onPicoBinary;
      lines.push(`  ${name} does not boot on its ${r.pool}-variable pool` + (p ? `; on espruino-pico it holds ${p.boardVarsAfterBoot} after boot, ${p.boardVarsPeakInCall} at the peak of the call` : ""));
    }
  }
  return lines;
}
