// The caller's terminal of a real-interpreter modem rig (host/dut/realModem.ts),
// for the suites that drive the AUTH policy over a modem line: say a line
// and expect exactly its answer after its echo (a password echoed as *),
// wait for text, dial and wait for the SMC to see the call.
import { expect } from "vitest";
import type { RealModemRig } from "../../host/dut/realModem";
import { waitFor } from "../../host/real";
import { echoOf } from "./echo";

export function terminalOf(rig: RealModemRig) {
  const term = () => rig.terminal.text;
  const until = (needle: string, ms: number) => waitFor(() => term().includes(needle), ms, () => `${JSON.stringify(needle)} in ${JSON.stringify(term())}`);
  const say = async (line: string, answer: string, ms = 15000) => {
    rig.terminal.clear();
    rig.terminal.write(line + "\r");
    await until(answer, ms);
    expect(term()).toBe(echoOf(line) + "\r\n" + answer);
  };
  /** Dials; resolves once CONNECT arrived and `smc` (its console) logged the call. */
  const dial = async (smc: { waitConsole(needle: string, ms: number): Promise<unknown> }) => {
    rig.terminal.clear();
    rig.dial();
    await until("CONNECT 9600\r\n", 15000);
    await smc.waitConsole("CALL connected at 9600", 5000);
  };
  return { term, until, say, dial };
}
