// Diagnostic (docs/bench.md, "Resident variables"): boots a board's bundle on
// its board-layout binary with every feature on (as boardMemory.ts) and
// evaluates the expressions given on the command line on its REPL after
// the boot, printing each answer. Not part of `npm run bench`.
//   npx tsx host/bench/residentProbe.ts pico 'E.getSizeOf(global)' ...
import { realDut } from "../dut/realDut";
import { boardBinary, boardBinaryFor, waitFor } from "../real";
import { FULL_UNIT } from "./boardMemory";

async function main(): Promise<void> {
  const [board, ...exprs] = process.argv.slice(2);
  const bin = boardBinary(boardBinaryFor(board)!);
  // WIRING=passthrough: a pass-through unit (the first SMC, one wired next), its relay and imitation built.
  const pass = process.env.WIRING === "passthrough";
  const dut = await realDut(board, { ...FULL_UNIT, modemBaud: 115200, answerRings: 1, ...(pass ? { wiring: "passthrough" as const, passNext: true } : {}) }, undefined, { bootBin: bin! });
  const { wireModem } = await import("../dut/realModem");
  const rig = wireModem(dut.real, { ri: dut.pinNumber("ri"), dcd: dut.pinNumber("dcd"), dtr: dut.pinNumber("dtr") }, 1, 115200);
  try {
    await waitFor(() => dut.console().includes("MODEM ready"), 15000, () => dut.console().slice(-400));
    // DUMP=<file>: E.dumpVariables() (every variable, its type, name and links) written to <file>.
    for (const e of exprs) if (e.startsWith("DUMP=")) {
      const before = dut.console().length;
      await dut.evaluate('(E.dumpVariables(),"")', 120000);
      (await import("node:fs")).writeFileSync(e.slice(5), dut.console().slice(before));
    } else console.log(e.length > 80 ? e.slice(0, 80) + "…" : e, "=>", await dut.evaluate(e, 60000));
  } finally {
    rig.stop();
    await dut.close();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
