// Diagnostic (docs/bench.md, "True peak"): where a call's variables go.
// Every function entry of dist/<board>.js (or only those at the given
// offsets of it) samples process.memory().usage (garbage collected: what
// is held) and keeps the highest per function; the bundle runs as plain
// JavaScript from Storage on espruino-pico (the probe's own variables
// would not fit the Original's pool), the call of truePeak.ts is answered,
// and each command's highest figure and the function it was seen in are
// printed. The figures are ~20-40 high (the probe's own). It stores the
// instrumented bundle as dist/<board>.bootcde for the run and puts the
// built one back after it (`npm run build` makes it again too).
//
//   npx tsx host/bench/entryProbe.ts original
//   PROBE_AT=60996,39784 npx tsx host/bench/entryProbe.ts original
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { realDut } from "../dut/realDut";
import { boardBinary, waitFor } from "../real";
import { TRUE_PEAK_CALL, TRUE_PEAK_UNIT } from "./truePeak";

async function main(): Promise<void> {
  const board = process.argv[2] ?? "original";
  const only = (process.env.PROBE_AT ?? "").split(",").filter(Boolean).map(Number);
  const js = readFileSync(`dist/${board}.js`, "latin1");
  const inst = js.replace(/function\s*([A-Za-z_$][\w$]*)?\s*\(([^)]*)\)\s*\{/g, (m, name: string | undefined, _a, off: number) => (!only.length || only.includes(off) ? `${m}__P("${name ?? ""}@${off}");` : m));
  const keep = `/tmp/${board}.bootcde.entryProbe`;
  copyFileSync(`dist/${board}.bootcde`, keep);
  writeFileSync(`dist/${board}.bootcde`, inst, "latin1");
  try {
    const { wireModem } = await import("../dut/realModem");
    const settings = { ...TRUE_PEAK_UNIT, modemBaud: 115200, answerRings: 1, t: { resetMs: 100 } };
    const boot0 = `var __mx=0,__ml="",__m={};function __P(l){var u=process.memory().usage;if(u>__mx){__mx=u;__ml=l;}if(!(__m[l]>=u))__m[l]=u;}`;
    const dut = await realDut(board, settings, undefined, { bootBin: boardBinary("espruino-pico"), boot0Extra: boot0 });
    const rig = wireModem(dut.real, { ri: dut.pinNumber("ri"), dcd: dut.pinNumber("dcd"), dtr: dut.pinNumber("dtr") }, 1, 115200);
    try {
      await waitFor(() => dut.console().includes("MODEM ready"), 30000, () => "boot " + dut.console().slice(-300));
      console.log("boot".padEnd(24), await dut.evaluate('__mx+" "+__ml+" now "+process.memory().usage', 10000));
      await dut.evaluate("(__mx=0,__m={},0)", 5000);
      rig.dial();
      await dut.waitConsole("CALL connected", 30000);
      for (const line of TRUE_PEAK_CALL) {
        rig.terminal.clear();
        rig.terminal.write(line + "\r");
        await waitFor(() => /(^|\n)(OK|ERR [^\r]*)\r\n$/.test(rig.terminal.text), 30000, () => line);
        console.log(line.padEnd(24), await dut.evaluate(only.length ? '__mx+" "+__ml+" "+JSON.stringify(__m)' : '__mx+" "+__ml', 10000));
        await dut.evaluate("(__mx=0,__m={},0)", 5000);
      }
    } finally {
      rig.stop();
      await dut.close();
    }
  } finally {
    copyFileSync(keep, `dist/${board}.bootcde`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
