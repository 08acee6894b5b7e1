// What one login costs an SMC on the board layout (issue 16's bench
// figure): the bundle booted from Storage on bin/espruino-pico with every
// feature on (boardMemory.ts's unit), a call from the simulated modem, then
// `CHAL` and `AUTH HMAC` (challenge-response: one HMAC-SHA-256, i.e. two
// SHA-256 of the firmware's JavaScript) and, for comparison, a plain
// `AUTH` (one salted SHA-256). Measured per login: the process's CPU
// (relayCpu.ts's cpuMs, less the idle rate over the same wall time) and
// the most variables the bench's sampler saw over the five logins of each
// form (each after a LOGOUT).
import { deriveKey, parseChal, proofFor } from "../console/proof";
import { SIM_SITE } from "../sim/provision";
import { realDut } from "../dut/realDut";
import { boardBinary, waitFor } from "../real";
import { FULL_UNIT, SAMPLER } from "./boardMemory";
import { cpuMs } from "./relayCpu";

export interface LoginCost {
  binary: string;
  /** Variables held before the login (garbage collected). */
  varsBefore: number;
  /** CHAL + AUTH HMAC: CPU ms on this machine (median), and the most variables held over the five (each after a LOGOUT). */
  challengeCpuMs: number;
  challengePeakVars: number;
  /** Plain AUTH, the same. */
  plainCpuMs: number;
  plainPeakVars: number;
  /** Logins measured; the figures are medians. */
  runs: number;
}

const RUNS = 5;
const FINAL = /(^|\n)(OK|ERR [^\r]*)\r\n$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function loginCost(): Promise<LoginCost> {
  const { wireModem } = await import("../dut/realModem");
  const binary = "espruino-pico";
  const bin = boardBinary(binary);
  if (!bin) throw new Error(`no ${binary} beside the interpreter`);
  const dut = await realDut("pico", { ...FULL_UNIT, modemBaud: 115200, answerRings: 1 }, undefined, { bootBin: bin, boot0Extra: SAMPLER });
  const rig = wireModem(dut.real, { ri: dut.pinNumber("ri"), dcd: dut.pinNumber("dcd"), dtr: dut.pinNumber("dtr") }, 1, 115200);
  const term = () => rig.terminal.text;
  const pid = dut.real.pid()!;
  const send = async (line: string): Promise<string> => {
    rig.terminal.clear();
    rig.terminal.write(line + "\r");
    await waitFor(() => FINAL.test(term()), 15000, () => `the answer to ${JSON.stringify(line)}: ${JSON.stringify(term())}; console ${JSON.stringify(dut.console().slice(-500))}`);
    return term();
  };
  try {
    await waitFor(() => dut.console().includes("MODEM ready"), 15000, () => `boot: ${dut.console().slice(-300)}`);
    rig.dial();
    await dut.waitConsole("CALL connected", 15000);
    const user = FULL_UNIT.user;
    const key = deriveKey(FULL_UNIT.site ?? SIM_SITE, user, FULL_UNIT.password);
    const cpu: Record<string, number[]> = { chal: [], plain: [] };
    const peak: Record<string, number> = {};
    // The REPL is read three times in all: the Linux build's standard input
    // was seen to wedge under many reads (boardMemory.ts), repeating a line
    // until the pool is full. So the peak is per form, over its five logins.
    const varsBefore = Number(await dut.evaluate("__pk=0,process.memory().usage"));
    for (const form of ["chal", "plain"]) {
      for (let i = 0; i < RUNS; i++) {
        await send("LOGOUT");
        // The idle rate (the sampler's timer, the I/O thread) over a second, then the login.
        const i0 = cpuMs(pid);
        const w0 = performance.now();
        await sleep(1000);
        const idle = (cpuMs(pid) - i0) / (performance.now() - w0);
        const c0 = cpuMs(pid);
        const t0 = performance.now();
        let out: string;
        if (form === "chal") {
          const c = parseChal((await send("CHAL")).split("\r\n").find((l) => l.startsWith("CHAL "))!);
          if (!c) throw new Error(`CHAL: ${JSON.stringify(term())}`);
          out = await send(`AUTH HMAC ${user} ${proofFor(key, c.nonce, user)}`);
        } else out = await send(`AUTH ${user} ${FULL_UNIT.password}`);
        cpu[form].push(cpuMs(pid) - c0 - idle * (performance.now() - t0));
        if (!out.endsWith("ID 1\r\nOK\r\n")) throw new Error(`${form} login: ${JSON.stringify(out)}`);
      }
      peak[form] = Number(await dut.evaluate("__pk+(__pk=0)*0"));
    }
    const r1 = (x: number) => Math.round(x * 10) / 10;
    return { binary, varsBefore, challengeCpuMs: r1(median(cpu.chal)), challengePeakVars: peak.chal, plainCpuMs: r1(median(cpu.plain)), plainPeakVars: peak.plain, runs: RUNS };
  } finally {
    rig.stop();
    await dut.close();
  }
}
