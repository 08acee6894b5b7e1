// The bench's figures from the board-layout interpreters (boardMemory.ts):
// per STM32 board, variables after boot, at the worst moment of a call of
// every command, and after 1,000 more commands; and the true worst moment
// of a call and of the boot, by ballast (truePeak.ts). A bundle that cannot boot
// on its board's own pool is run on espruino-pico too (same layout, larger
// pool), which says how much it would need.
import { boardBinaryFor } from "../real";
import { boardCall, type BoardCall } from "./boardMemory";
import { truePeak } from "./truePeak";

export const BOARD_COMMANDS = 1000;

export interface BoardFigures {
  binary: string;
  pool: number;
  booted: boolean;
  boardVarsAfterBoot: number | null;
  boardVarsPeakInCall: number | null;
  boardVarsAfter1000: number | null;
  /** Of each of those, what the test harness's .boot0 holds (boardMemory.ts, harnessExpr): a board's own figure is the figure less it. */
  boardVarsHarness: number | null;
  /** Share of the pool free at the peak, percent. */
  freeAtPeakPct: number | null;
  /** The true worst moment of a call with three accounts, by ballast (truePeak.ts); null where it does not boot. */
  boardVarsTruePeak: number | null;
  /** Its resolution in variables (the ballast between the largest that passed and the smallest that failed). */
  boardVarsTruePeakResolution: number | null;
  /** The same for the boot alone. */
  boardVarsBootPeak: number | null;
  /** Share of the pool free at the true peak, percent (one decimal). */
  freeAtTruePeakPct: number | null;
  /** The true peaks again with the event log of a unit that has run a while (truePeak.ts fullLog: a full ring, a tail of ~30). */
  boardVarsTruePeakFullLog: number | null;
  boardVarsBootPeakFullLog: number | null;
  /** When it does not boot on its own pool: the same call on espruino-pico. */
  onPicoBinary?: { boardVarsAfterBoot: number | null; boardVarsPeakInCall: number | null; boardVarsAfter1000: number | null; boardVarsHarness: number | null };
}

const POOLS: Record<string, number> = { "espruino-pico": 5100, "espruino-original": 2756 };

const figures = (c: BoardCall) => ({ boardVarsAfterBoot: c.vars, boardVarsPeakInCall: c.peakInCall, boardVarsAfter1000: c.after, boardVarsHarness: c.harness });

export async function boardFigures(boards: string[]): Promise<Record<string, BoardFigures>> {
  const out: Record<string, BoardFigures> = {};
  for (const b of boards) {
    const binary = boardBinaryFor(b);
    if (!binary) continue;
    const c = await boardCall(b, BOARD_COMMANDS, binary);
    const pool = POOLS[binary];
    // The true peak only where the bundle boots on its own pool (bisection there; a minute or two a board).
    const tp = c.booted ? await truePeak(b, binary) : null;
    const tf = c.booted ? await truePeak(b, binary, 4, undefined, true) : null;
    const row: BoardFigures = {
      binary,
      pool,
      booted: c.booted,
      ...figures(c),
      freeAtPeakPct: c.peakInCall === null ? null : Math.round((100 * (pool - c.peakInCall)) / pool),
      boardVarsTruePeak: tp ? tp.truePeak : null,
      boardVarsTruePeakResolution: tp ? tp.resolution : null,
      boardVarsBootPeak: tp ? tp.bootPeak : null,
      freeAtTruePeakPct: tp ? tp.freeAtTruePeakPct : null,
      boardVarsTruePeakFullLog: tf ? tf.truePeak : null,
      boardVarsBootPeakFullLog: tf ? tf.bootPeak : null,
    };
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
    `${"board".padEnd(15)}${pad("binary", 19)}${pad("pool", 6)}${pad("after boot", 12)}${pad("peak in call", 14)}${pad(`after ${BOARD_COMMANDS}`, 12)}${pad("free at peak", 14)}${pad("true peak", 11)}${pad("free", 7)}${pad("boot peak", 11)}${pad("full log", 10)}${pad("its boot", 10)}${pad("harness", 9)}`,
  ];
  for (const [name, r] of Object.entries(rows)) {
    lines.push(
      `${name.padEnd(15)}${pad(r.binary, 19)}${pad(r.pool, 6)}${pad(r.boardVarsAfterBoot, 12)}${pad(r.boardVarsPeakInCall, 14)}${pad(r.boardVarsAfter1000, 12)}${pad(r.freeAtPeakPct === null ? null : r.freeAtPeakPct + "%", 14)}` +
        `${pad(r.boardVarsTruePeak, 11)}${pad(r.freeAtTruePeakPct === null ? null : r.freeAtTruePeakPct + "%", 7)}${pad(r.boardVarsBootPeak, 11)}${pad(r.boardVarsTruePeakFullLog, 10)}${pad(r.boardVarsBootPeakFullLog, 10)}${pad(r.boardVarsHarness, 9)}`,
    );
    if (!r.booted) {
      const p = r.onPicoBinary;
      lines.push(`  ${name} does not boot on its ${r.pool}-variable pool` + (p ? `; on espruino-pico it holds ${p.boardVarsAfterBoot} after boot, ${p.boardVarsPeakInCall} at the peak of the call` : ""));
    }
  }
  lines.push(`  harness: what the test harness's .boot0 holds in every figure (the Linux build's pin globals, its analog stand-in, the sampler); a board's own figures are those less it (docs/bench.md)`);
  return lines;
}
