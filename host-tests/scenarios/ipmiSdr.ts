// Get SDR's exact bytes, every record whole and in pieces: the answers the
// firmware gave when it built the record as an array
// (fixtures/ipmi/sdr-answers.json, recorded before the record became a
// string of bytes to save a board's variables; docs/bench.md, "Lazy
// loading"). Run on every backend, per board file.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { Dut } from "../../host/dut/dut";
import { login } from "./common";
import type { Scenario } from "./terminal";

/** Recorded answers per board file. */
export const SDR_ANSWERS: Record<string, string[]> = JSON.parse(readFileSync(path.join(import.meta.dirname, "../fixtures/ipmi/sdr-answers.json"), "utf8"));

const hx = (n: number) => (n < 16 ? "0" : "") + n.toString(16);
/** Record IDs 0 (the first) to 6 (past the last), each whole, its header, a middle piece, the rest, and a piece past its end (CA). */
const REQUESTS: string[] = [];
for (let id = 0; id <= 6; id++) for (const [o, l] of [[0, 0xff], [0, 5], [5, 16], [21, 0xff], [60, 10]]) REQUESTS.push(`[280c230000${hx(id)}00${hx(o)}${hx(l)}]`);

/** The scenario for the dut of board file `board`. */
export function sdrScenario(board: string): Scenario {
  return {
    name: `${board}: ${REQUESTS.length} Get SDR requests answer as recorded`,
    async run(dut: Dut) {
      await login(dut);
      const got: string[] = [];
      for (const req of REQUESTS) {
        dut.clear("modem");
        dut.send("modem", req + "\r");
        await dut.waitFor("modem", (t) => /\]\r\n$/.test(t.substr(req.length + 2)));
        got.push(dut.text("modem").split("\r\n")[1]);
      }
      expect(got).toEqual(SDR_ANSWERS[board]);
    },
  };
}
