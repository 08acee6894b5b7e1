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
const READY = "MODEM ready";
const OUT_OF_MEMORY = /LOW_MEMORY|Execution Interrupted|OUT OF MEMORY/i;

/** Two whole numbers: what a usage answer is (a spoiled one, e.g. an echoed line, was read as NaN). */
const TWO_NUMBERS = /^\d+ \d+$/;

/**
 * process.memory()'s usage and pool. `mustAnswer`: the unit booted, so a
 * REPL that does not answer spoiled the run (boardCall tries it again), not
 * a figure of null; a unit that ran out of memory may never answer.
 */
async function usage(dut: RealDut, mustAnswer: boolean): Promise<{ vars: number | null; total: number | null }> {
  // process.memory() collects garbage first: the figure is what is held.
  try {
    // Stopped out of memory, the REPL may never answer: then do not wait long.
    const deadline = OUT_OF_MEMORY.test(dut.console()) ? 3000 : 15000;
    const [u, t] = (await dut.evaluate('process.memory().usage+" "+process.memory().total', deadline, TWO_NUMBERS)).split(" ").map(Number);
    return { vars: u, total: t };
  } catch (e) {
    if (mustAnswer) throw e;
    // Out of memory, an interpreter may stop answering its REPL at all.
    return { vars: null, total: null };
  }
}

/** What one scripted call holds, per board (docs/bench.md: boardVarsAfterBoot, boardVarsPeakInCall, boardVarsAfter1000). */
export interface BoardCall extends BoardBoot {
  /** The most the sampler saw from boot to the end of the call. */
  peakInCall: number | null;
  /** Garbage collected, right after the call. */
  afterCall: number | null;
  /** After `commands` more commands in the same call. */
  after: number | null;
  commands: number;
  /** Of each figure, what the test harness holds (harnessExpr); null where not measured. */
  harness: number | null;
}

/**
 * Samples process.memory().usage every 2 ms from .boot0, keeping the
 * highest in __pk. It collects garbage first (what is held, not what waits
 * for collection: the interpreter collects before it runs out, so garbage
 * is no need; without it the figure is ~400 higher and says nothing). The
 * firmware's own events run between its samples, so it sees the moments
 * between them: a reply's pages, a frame or a search waiting, input queued.
 * It counts its own timer (about 9 variables) in every figure. The REPL is
 * read only three times a run: the Linux build's standard input was seen to
 * wedge under heavy use (host/real/storageFile.ts).
 */
export const SAMPLER = "var __pk=0,__pt=setInterval(function(){var u=process.memory().usage;if(u>__pk)__pk=u;},2);";

/**
 * What the harness itself holds (docs/bench.md, "The test harness's
 * share"), measured at the end of a run: the usage, then again once .boot0's
 * pin globals, its analog stand-in and the sampler (its timer, its two
 * globals) are gone, in one expression (no event of the firmware between
 * the two readings; the expression's own variables are in both). A board
 * holds none of them: its figure is the usage less this.
 */
export function harnessExpr(globals: string[]): string {
  return `(function(n){var u=process.memory().usage;for(var i=0;i<n.length;i++)delete global[n[i]];clearInterval(__pt);delete global.__pt;delete global.__pk;return u-process.memory().usage;})(${JSON.stringify(globals)})`;
}

/** A call of every command (docs/bench.md lists them); a chain search for credentials no SMC holds. */
export const CALL = ["AUTH admin bench-pass", "STATUS", "RESET", "LOG", "DIAG", "CONFIG SHOW", "MAP", "AUTH nobody bench-x", "@9 STATUS", "HELP"];
const MIX = ["STATUS", "POWER STATE", "FROB", "@9 STATUS", "LOG", "x".repeat(150), "RES\x01ET", "MAP"];
const FINAL = /(^|\n)(OK|ERR [^\r]*)\r\n$/;

/**
 * Boots the bundle on its board binary with every feature on, answers a
 * call from the simulated Hayes modem (host/dut/realModem.ts, at
 * 115,200 baud so 1,000 commands take seconds), sends CALL and then
 * `commands` more. A board that does not boot reports what it held and
 * nulls for the rest.
 */
async function boardCallOnce(board: string, commands: number, binary: BoardBinary): Promise<BoardCall> {
  const { wireModem } = await import("../dut/realModem");
  const bin = boardBinary(binary);
  if (!bin) throw new Error(`no ${binary} beside the interpreter`);
  const settings: UnitSettings = { ...FULL_UNIT, modemBaud: 115200, answerRings: 1, t: { resetMs: 100 } };
  const dut = await realDut(board, settings, undefined, { bootBin: bin, boot0Extra: SAMPLER });
  const rig = wireModem(dut.real, { ri: dut.pinNumber("ri"), dcd: dut.pinNumber("dcd"), dtr: dut.pinNumber("dtr") }, 1, 115200);
  const result: BoardCall = { binary, booted: false, vars: null, total: null, peakInCall: null, afterCall: null, after: null, commands, harness: null };
  const tail = () => JSON.stringify(dut.console().slice(-600));
  try {
    // Booted means the whole start-up ran (the modem driver, last, is ready):
    // the boot record comes first, and a pool can still run out after it.
    await waitFor(() => dut.console().includes(READY) || OUT_OF_MEMORY.test(dut.console()), 15000, () => `boot of ${board}: ${tail()}`);
    result.booted = dut.console().includes(BOOTED) && dut.console().includes(READY) && !OUT_OF_MEMORY.test(dut.console());
    if (!result.booted) {
      // A pool that ran out may leave the REPL unable to answer: what it held is then unknown.
      Object.assign(result, await usage(dut, false));
      result.console = dut.console().slice(-400);
      return result;
    }
    Object.assign(result, await usage(dut, true));
    const term = () => rig.terminal.text;
    rig.dial();
    // Commands only once the SMC itself saw the call (carrier debounced), as a caller waits for CONNECT.
    await dut.waitConsole("CALL connected", 15000);
    const send = async (line: string, ok?: boolean) => {
      rig.terminal.clear();
      rig.terminal.write(line + "\r");
      await waitFor(() => FINAL.test(term()), 15000, () => `the answer to ${JSON.stringify(line)}: ${JSON.stringify(term().slice(-300))}; console ${tail()}`);
      // A figure from a call whose commands were refused would measure nothing.
      if (ok !== undefined && /(^|\n)OK\r\n$/.test(term()) !== ok) throw new Error(`${line}: ${JSON.stringify(term().slice(-300))}; console ${tail()}`);
    };
    // The search for credentials nobody holds and the request to an absent SMC end in ERR.
    for (const c of CALL) await send(c, !(c.startsWith("AUTH nobody") || c.startsWith("@9")));
    if (process.env.SMC_BENCH_IPMI) {
      // What a call with IPMI costs (docs/ipmi.md, "Memory"): ipmitool's probe, mc info, chassis status and a bridged request to an absent SMC.
      await send("AUTH admin bench-pass", true);
      for (const c of ["[b0040000]", "[180c01]", "[000c01]", "[180c34402400dc200c01d3]", "[SYS TMODE]"]) {
        rig.terminal.clear();
        rig.terminal.write(c + "\r");
        await waitFor(() => /\]\r\n$/.test(term().substr(c.length)), 15000, () => `the answer to ${c}: ${JSON.stringify(term())}`);
      }
    }
    const [pk, after] = (await dut.evaluate('__pk+" "+process.memory().usage', undefined, TWO_NUMBERS)).split(" ").map(Number);
    result.peakInCall = pk;
    result.afterCall = after;
    if (commands) {
      for (let i = 0; i < commands; i++) await send(MIX[i % MIX.length]);
      result.after = (await usage(dut, true)).vars;
    }
    // Last: without its pin globals the firmware can no longer reach its pins.
    result.harness = Number(await dut.evaluate(harnessExpr(dut.harnessGlobals), undefined, /^-?\d+$/));
    return result;
  } finally {
    rig.stop();
    await dut.close();
  }
}

/**
 * The same, tried up to three times: under load the Linux build's console
 * and pseudo-terminals now and then lose bytes, and its standard input was
 * seen to wedge, repeating a line until the pool is full (then even a
 * bundle that fits reports "Execution Interrupted"). A figure is never
 * taken from a broken run; a bundle that does not boot fails all three
 * (`tries` 1 where not booting is what a test expects).
 */
export async function boardCall(board: string, commands: number, binary: BoardBinary | undefined = boardBinaryFor(board), tries = 3): Promise<BoardCall> {
  if (!binary) throw new Error(`no board-layout binary for ${board}`);
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await boardCallOnce(board, commands, binary);
      if (r.booted || attempt >= tries) return r;
    } catch (e) {
      if (attempt >= tries) throw e;
    }
  }
}
