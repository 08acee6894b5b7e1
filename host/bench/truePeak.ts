// The true worst moment of a call, measured by ballast (docs/bench.md,
// "True peak"). The sampler of boardMemory.ts reads process.memory() from a
// timer, so only BETWEEN the firmware's events: what a command holds while
// it runs (a parse, a reply being built) it never sees. Here .boot0 holds B
// variables of ballast before the firmware boots (what they cost is read
// with process.memory() right after allocating them), and the whole call
// runs; the largest ballast with which the boot and every command still
// answer as expected, and the console shows no sign of running out, is
// found by bisection. The firmware's worst moment is then at most
// pool - ballast(B_max) and more than pool - ballast(B_max + step): what it
// needs of the pool at its worst, whatever moment that is.
import type { UnitSettings } from "../sim/provision";
import { realDut } from "../dut/realDut";
import { boardBinary, boardBinaryFor, waitFor, type BoardBinary } from "../real";
import { CALL, FULL_UNIT } from "./boardMemory";

/** Three accounts (docs/bench.md): the bench's admin, an operator and a read one. */
export const TRUE_PEAK_UNIT: UnitSettings = {
  ...FULL_UNIT,
  operator: { user: "oper", password: "bench-op" },
  accounts: [{ user: "reader", role: "read", password: "bench-rd" }],
};

/** The bench's call, then a login of the two other accounts, and the admin's again with CONFIG SHOW. */
export const TRUE_PEAK_CALL = [...CALL, "AUTH oper bench-op", "STATUS", "AUTH reader bench-rd", "LOG", "AUTH admin bench-pass", "CONFIG SHOW"];

/**
 * An ipmitool session instead (`--ipmi`; docs/bench.md, "Lazy loading"):
 * each line with the completion code its answer must carry. ipmitool's
 * probe (D4 before the login), the login of IPMI's own form, mc info,
 * chassis status, self test (DIAG's checks; 57 is no failure here, the
 * ballast fails its MEMORY part), SEL info and its first entry, SDR
 * repository info and the first record, the temperature's reading and
 * thresholds, a request bridged to SMC 2 (refused, D4: the call holds no
 * AUTH for it), the logout.
 */
export const TRUE_PEAK_IPMI: Array<[string, string]> = [
  ["[b0040000]", "D4"],
  ["[SYS PWD -U admin bench-pass]", "OK"],
  ["[180c01]", "00"],
  ["[000c01]", "00"],
  ["[180c04]", "00"],
  ["[280c40]", "00"],
  ["[280c430000000000ff]", "00"],
  ["[281020]", "00"],
  ["[280c230000000000ff]", "00"],
  ["[100c2d01]", "00"],
  ["[100c2701]", "00"],
  ["[180c34402400dc200c01d3]", "D4"],
  ["[SYS PWD -X]", "OK"],
];
/** A bracket line's fourth byte (a response's completion code), or OK for a text command's "[OK]". */
const IPMI_FINAL = /\[(OK|[0-9A-F]{2} [0-9A-F]{2} [0-9A-F]{2} ([0-9A-F]{2})[^\]]*)\]\r\n$/;

const READY = "MODEM ready";
const BOOTED = "BOOT SMC";
// Every way the interpreter says it ran short, and any error the firmware did not catch.
const TROUBLE = /LOW_MEMORY|Execution Interrupted|OUT OF MEMORY|Uncaught/i;
const FINAL = /(^|\n)(OK|ERR [^\r]*)\r\n$/;

export interface BallastRun {
  /** The boot (and, unless bootOnly, every command) went as expected. */
  ok: boolean;
  /** Variables the ballast held, measured on the board (process.memory() before and after). */
  cost: number | null;
  pool: number | null;
  why?: string;
}

/**
 * An event log as a unit that has run for a while holds it: the ring's 8
 * sealed chunks of 32 records and a tail of 21, so the call's own records
 * (about 10 before the failed search's three) are appended to a tail of
 * ~30: an append concatenates the tail (firmware/hal/recordFile.ts), and
 * LOG reads every chunk's head. The bench's own log is fresh otherwise.
 */
export function fullLog(): Record<string, string> {
  const files: Record<string, string> = {};
  const rec = (n: number) => `${n} ${1000 + n * 37} INPUT fanFail alarm`;
  for (let c = 0; c <= 8; c++) {
    let t = "#" + c + "\n";
    for (let k = 0; k < (c < 8 ? 32 : 21); k++) t += rec(c * 32 + k + 1) + "\n";
    files[c < 8 ? "evlog." + c : "evlog.t0"] = t;
  }
  return files;
}

/** .boot0 code holding `n` array elements as ballast; __bc is what they cost. */
const ballast = (n: number) => `var __bc=process.memory().usage;var __bl=[];while(__bl.length<${n})__bl.push(0);__bc=process.memory().usage-__bc;`;

/** One boot (and call) with `n` elements of ballast. */
export async function ballastRun(board: string, n: number, bootOnly: boolean, binary: BoardBinary, sweep?: string[], files?: Record<string, string>, ipmi = false): Promise<BallastRun> {
  const { wireModem } = await import("../dut/realModem");
  const bin = boardBinary(binary);
  if (!bin) throw new Error(`no ${binary} beside the interpreter`);
  const settings: UnitSettings = { ...TRUE_PEAK_UNIT, modemBaud: 115200, answerRings: 1, t: { resetMs: 100 } };
  const dut = await realDut(board, settings, undefined, { bootBin: bin, boot0Extra: ballast(n), files });
  const rig = wireModem(dut.real, { ri: dut.pinNumber("ri"), dcd: dut.pinNumber("dcd"), dtr: dut.pinNumber("dtr") }, 1, 115200);
  const out: BallastRun = { ok: false, cost: null, pool: null };
  const con = () => dut.console();
  // From `mark` on: a sweep goes past a failure.
  let mark = 0;
  const trouble = () => TROUBLE.test(con().slice(mark));
  try {
    await waitFor(() => con().includes(READY) || trouble(), 15000, () => "boot");
    if (!con().includes(BOOTED) || !con().includes(READY) || trouble()) return { ...out, why: "boot: " + JSON.stringify(con().slice(-200)) };
    const [c, p] = (await dut.evaluate('__bc+" "+process.memory().total', 8000)).split(" ").map(Number);
    out.cost = c;
    out.pool = p;
    if (bootOnly) return { ...out, ok: !trouble() };
    const term = () => rig.terminal.text;
    rig.dial();
    await dut.waitConsole("CALL connected", 15000);
    for (const [line, cc] of ipmi ? TRUE_PEAK_IPMI : []) {
      rig.terminal.clear();
      rig.terminal.write(line + "\r");
      await waitFor(() => IPMI_FINAL.test(term().substr(line.length)) || trouble(), 8000, () => line).catch(() => undefined);
      if (sweep && (trouble() || !IPMI_FINAL.test(term().substr(line.length)))) {
        sweep.push(line);
        await new Promise((r) => setTimeout(r, 500));
        mark = con().length;
        continue;
      }
      if (trouble()) return { ...out, why: `${line}: ${JSON.stringify(con().slice(-200))}` };
      const m = IPMI_FINAL.exec(term().substr(line.length));
      if (!m || (m[2] ?? m[1]) !== cc) return { ...out, why: `${line}: ${JSON.stringify(term().slice(-200))}` };
    }
    for (const line of ipmi ? [] : TRUE_PEAK_CALL) {
      rig.terminal.clear();
      rig.terminal.write(line + "\r");
      // A command that ran short may never answer: a shorter deadline than the bench's.
      await waitFor(() => FINAL.test(term()) || trouble(), 8000, () => line);
      const want = !(line.startsWith("AUTH nobody") || line.startsWith("@9"));
      // `sweep`: go on after a failure, naming each command that failed (which commands need the most).
      if (sweep && (trouble() || !FINAL.test(term()))) {
        sweep.push(line);
        await new Promise((r) => setTimeout(r, 500));
        mark = con().length;
        continue;
      }
      if (trouble()) return { ...out, why: `${line}: ${JSON.stringify(con().slice(-200))}` };
      // DIAG counts the ballast as used: its MEMORY part fails below a tenth free, and that alone is no failure here.
      const diagMemOnly = line === "DIAG" && /ERR 13/.test(term()) && term().split("FAIL").length === 2 && /DIAG MEMORY FAIL/.test(term());
      if (/(^|\n)OK\r\n$/.test(term()) !== want && !diagMemOnly) return { ...out, why: `${line}: ${JSON.stringify(term().slice(-200))}` };
    }
    return { ...out, ok: !trouble() };
  } catch (e) {
    return { ...out, why: String((e as Error).message ?? e).slice(0, 200) };
  } finally {
    // Where it ran short: the interpreter's own trace names the function.
    if (process.env.SMC_PEAK_DEBUG) console.error(con());
    rig.stop();
    await dut.close();
  }
}

export interface TruePeak {
  binary: string;
  pool: number | null;
  /** Most variables the firmware can need at the worst moment (pool - the largest ballast that passed). */
  truePeak: number | null;
  /** Its resolution (the ballast between the largest that passed and the smallest that failed): the worst moment is above truePeak - resolution. */
  resolution: number;
  /** The same for the boot alone. */
  bootPeak: number | null;
  /** Share of the pool free at the true peak, percent. */
  freeAtTruePeakPct: number | null;
}

/**
 * Bisects the ballast between none (must pass) and the whole pool (cannot),
 * to `step` elements. A failed run is retried once before it counts (the
 * Linux build's pseudo-terminals now and then lose a byte under load); a
 * failure that is not memory's only makes the figure larger, never smaller.
 */
async function largest(board: string, bootOnly: boolean, binary: BoardBinary, step: number, log: (s: string) => void, files?: Record<string, string>, ipmi = false): Promise<{ pass: BallastRun | null; fail: BallastRun | null }> {
  const run = async (n: number) => {
    let r = await ballastRun(board, n, bootOnly, binary, undefined, files, ipmi);
    if (!r.ok) r = await ballastRun(board, n, bootOnly, binary, undefined, files, ipmi);
    log(`  ${board} ${bootOnly ? "boot" : "call"} ballast ${n}: ${r.ok ? "ok" : "FAIL"} cost ${r.cost}${r.ok ? "" : " " + (r.why ?? "")}`);
    return r;
  };
  const first = await run(0);
  if (!first.ok || !first.pool) return { pass: null, fail: first };
  let lo = 0;
  let pass = first;
  let hi = first.pool;
  let fail: BallastRun | null = null;
  while (hi - lo > step) {
    const mid = Math.floor((lo + hi) / 2);
    const r = await run(mid);
    if (r.ok) {
      lo = mid;
      pass = r;
    } else {
      hi = mid;
      fail = r;
    }
  }
  return { pass, fail };
}

/** `ipmi`: the call is TRUE_PEAK_IPMI's ipmitool session, not the console's commands. */
export async function truePeak(board: string, binary: BoardBinary | undefined = boardBinaryFor(board), step = 4, log: (s: string) => void = () => {}, withFullLog = false, ipmi = false): Promise<TruePeak> {
  if (!binary) throw new Error(`no board-layout binary for ${board}`);
  const files = withFullLog ? fullLog() : undefined;
  const call = await largest(board, false, binary, step, log, files, ipmi);
  const boot = await largest(board, true, binary, step, log, files);
  const pool = call.pass?.pool ?? boot.pass?.pool ?? null;
  const peakOf = (p: BallastRun | null) => (p && p.pool && p.cost !== null ? p.pool - p.cost : null);
  const tp = peakOf(call.pass);
  return {
    binary,
    pool,
    truePeak: tp,
    resolution: call.pass?.cost != null && call.fail?.cost != null ? call.fail.cost - call.pass.cost : step,
    bootPeak: peakOf(boot.pass),
    freeAtTruePeakPct: tp === null || !pool ? null : Math.round((1000 * (pool - tp)) / pool) / 10,
  };
}
