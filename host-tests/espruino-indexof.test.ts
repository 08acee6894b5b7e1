// Espruino's String indexOf "finds" a needle whose start ends the string
// ("@2 POWER ON".indexOf("NO CARRIER") is 10 on 2v29). The Node emulation
// does the same (host/sim/emulation.ts), checked here against the real
// interpreter's answers (espruino-indexof.real.test.ts), and the firmware code that searches for a word of
// several characters is run with it: the modem driver with no DCD wire,
// where "NO CARRIER" in the call's bytes is the only sign the call ended.
import { describe, expect, it } from "vitest";
import vm from "node:vm";
import { ESPRUINO_INDEX_OF } from "../host/sim/emulation";
import { CASES, EXPECTED } from "./support/espruinoIndexOf";
import { HayesModem, ModemState } from "../firmware/modem/driver";
import { Call, Ev } from "../firmware/modem";
import { defaultConfig } from "../firmware/config";
import type { Hal } from "../firmware/hal/types";


/** Runs `fn` with this process's String indexOf and includes behaving as Espruino's. */
function asOnEspruino<T>(fn: () => T): T {
  const saved = { indexOf: String.prototype.indexOf, includes: String.prototype.includes };
  vm.runInThisContext(ESPRUINO_INDEX_OF);
  try {
    return fn();
  } finally {
    Object.defineProperty(String.prototype, "indexOf", { value: saved.indexOf, writable: true, configurable: true });
    Object.defineProperty(String.prototype, "includes", { value: saved.includes, writable: true, configurable: true });
  }
}

describe("Espruino's indexOf, as the emulation gives it", () => {
  it("answers as 2v29 does", () => {
    const c = vm.createContext({});
    vm.runInContext(ESPRUINO_INDEX_OF, c);
    expect(vm.runInContext(CASES, c)).toBe(EXPECTED);
    // And this process's own is untouched by asOnEspruino once it returns.
    expect(asOnEspruino(() => "ab".indexOf("bc"))).toBe(1);
    expect("ab".indexOf("bc")).toBe(-1);
  });

});

describe("the modem driver with no DCD wire, on Espruino's indexOf", () => {
  function online() {
    const calls: string[] = [];
    const none = () => 0;
    const hal = {
      ports: { modem: { setup() {}, write() {}, onData() {} } },
      pins: { has: (p: string) => p !== "dcd", write() {}, read: () => false, watch: none, pulse() {}, analog: () => 0 },
      clock: { now: () => 0, after: none, cancel() {}, every: none },
    } as unknown as Hal;
    const modem = new HayesModem(hal, defaultConfig(), { add: () => true }, { call: (e: Call, _n: number, s: string) => void calls.push(e === Call.Data ? "data " + JSON.stringify(s) : e === Call.Ended ? "ended " + s : "other") });
    modem.state = ModemState.Online;
    return { modem, calls };
  }

  it("a caller's chunk ending in N (a prefix of NO CARRIER) is call data, not the end of the call", () => {
    const { modem, calls } = online();
    asOnEspruino(() => modem.on(Ev.Data, undefined, "@2 POWER ON"));
    expect(calls).toEqual(['data "@2 POWER ON"']);
    expect(modem.state).toBe(ModemState.Online);
  });

  it("the modem's NO CARRIER still ends it, the caller's bytes before its line ending delivered", () => {
    const { modem, calls } = online();
    asOnEspruino(() => modem.on(Ev.Data, undefined, "STATUS\r\r\nNO CARRIER\r\n"));
    expect(calls).toEqual(['data "STATUS"', "ended carrier lost"]);
  });
});
