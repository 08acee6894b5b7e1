// Variables on the board-layout interpreters (bin/espruino-pico,
// bin/espruino-original: 13-byte variables and the board's own pool), the
// bundle booted from Storage as on a board, with every feature its board
// file allows configured: a Hayes modem, the links the board has, the
// server inputs of its board file, the event log.
import type { UnitSettings } from "../sim/provision";
import { realDut, type RealDut } from "../dut/realDut";
import { boardBinary, boardBinaryFor, waitFor, type BoardBinary } from "../real";

export const FULL_UNIT: UnitSettings = { id: 1, user: "admin", password: "bench-pass", salt: "0011223344556677", modem: "hayes", wiring: "links" };

export interface BoardBoot {
  /** The binary that booted it. */
  binary: string;
  /** The firmware printed its boot line. */
  booted: boolean;
  /** process.memory().usage after boot (or after the boot was interrupted); null when the REPL no longer answers. */
  vars: number | null;
  /** process.memory().total: the pool. */
  total: number | null;
  /** Console text when it did not boot. */
  console?: string;
}

const BOOTED = "BOOT SMC";
const OUT_OF_MEMORY = /LOW_MEMORY|Execution Interrupted|OUT OF MEMORY/i;

export async function usage(dut: RealDut): Promise<{ vars: number | null; total: number | null }> {
  // process.memory() collects garbage first: the figure is what is held.
  try {
    const [u, t] = (await dut.evaluate('(process.memory().usage+" "+process.memory().total)')).split(" ").map(Number);
    return { vars: u, total: t };
  } catch {
    // Out of memory, an interpreter may stop answering its REPL at all.
    return { vars: null, total: null };
  }
}

/** Boots `board`'s bundle on its board binary; the Dut is handed to `then` before it closes. */
export async function onBoardBinary<T>(
  board: string,
  settings: UnitSettings,
  then: (dut: RealDut, boot: BoardBoot) => Promise<T>,
  binary: BoardBinary | undefined = boardBinaryFor(board),
): Promise<T> {
  const name = binary;
  const bin = name && boardBinary(name);
  if (!bin) throw new Error(`no board-layout binary for ${board}`);
  const dut = await realDut(board, settings, undefined, { bootBin: bin });
  try {
    await waitFor(() => dut.console().includes(BOOTED) || OUT_OF_MEMORY.test(dut.console()), 10000, () => `boot of ${board}: ${JSON.stringify(dut.console().slice(-300))}`);
    const m = await usage(dut);
    // Read after the REPL answered: an out-of-memory stop may come just after the boot line.
    const booted = dut.console().includes(BOOTED) && !OUT_OF_MEMORY.test(dut.console());
    const boot: BoardBoot = { binary: name!, booted, ...m, ...(booted ? {} : { console: dut.console().slice(-400) }) };
    return await then(dut, boot);
  } finally {
    await dut.close();
  }
}

export const boardVarsAfterBoot = (board: string, binary?: BoardBinary): Promise<BoardBoot> =>
  onBoardBinary(board, FULL_UNIT, async (_d, boot) => boot, binary ?? boardBinaryFor(board));
