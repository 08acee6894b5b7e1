// IPMI Terminal Mode on the real Espruino interpreter: one SMC, then bridged
// requests along a chain of 3 processes and a ring of 4 with SMC 2 killed
// (the STM32 boards' bundles on their boards' pools, as chain.real.test.ts).
import { afterEach, describe, expect, it } from "vitest";
import { realDut } from "../host/dut/realDut";
import { realSite } from "../host/dut/realSite";
import type { SiteDut } from "../host/dut/siteDut";
import { realSuiteGate } from "../host/real";
import { login, UNIT, UNIT_FAST } from "./scenarios/common";
import { bridgeScenario, identifyScenarios, ipmiScenarios, passThroughScenario, twoLevelScenario } from "./scenarios/ipmi";
import { BINARIES_TITLE, boardBinariesGate, lineupTitle, linksLineup } from "./support/boardSites";
import { hasIpmitool } from "./support/ipmitool";
import { ipmitoolScenarios } from "./scenarios/ipmitool";
import { scenarioSuite } from "./support/suite";

scenarioSuite("IPMI Terminal Mode (dist/linux.js on the real interpreter)", ipmiScenarios, (s) => realDut("linux", UNIT_FAST, s.stored), !realSuiteGate().run);
// Chassis Identify: a session that outlives the 5 s interval (the fast idle time-out would end it, and the identify, first).
scenarioSuite("IPMI Chassis Identify (dist/linux.js on the real interpreter)", identifyScenarios, (s) => realDut("linux", { ...UNIT_FAST, t: { ...UNIT_FAST.t, idleMs: 20000 } }, s.stored), !realSuiteGate().run);

const run = boardBinariesGate(realSuiteGate().run);
const FAST = { resetMs: 150, pressMs: 100, heartbeatMs: 250, linkDownMs: 900, requestMs: 4000, idleMs: 6000 };

describe.skipIf(!run)(`IPMI bridged on the real interpreter (${BINARIES_TITLE})`, () => {
  let site: SiteDut | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });
  const cases: [string, number, boolean, number | undefined][] = [
    ["chain of 3 processes", 3, false, undefined],
    ["ring of 4 processes", 4, true, 1],
  ];
  let turn = 0;
  for (const [what, size, ring, dead] of cases) {
    const boards = linksLineup(size, ring, turn++);
    const s = bridgeScenario(dead);
    it(`${what}: ${s.name}${lineupTitle(boards)}`, async () => {
      site = await realSite({ size, ring, t: FAST }, { boards });
      await s.run(site);
    });
  }
});

// Two levels along a chain of 3 processes; one and two levels in pass-through wiring (3 processes, each imitating a modem toward the next).
describe.skipIf(!run)(`IPMI two-level and pass-through bridging on the real interpreter (${BINARIES_TITLE})`, () => {
  let site: SiteDut | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });
  const two = twoLevelScenario();
  const boards = linksLineup(3, false, 0);
  it(`chain of 3 processes: ${two.name}${lineupTitle(boards)}`, async () => {
    site = await realSite({ size: 3, ring: false, t: FAST }, { boards });
    await two.run(site);
  });
  const pass = passThroughScenario();
  it(`pass-through, 3 processes: ${pass.name}`, async () => {
    site = await realSite({ size: 3, ring: false, wiring: "passthrough", t: { ...FAST, modemCmdMs: 1000 } });
    await pass.run(site);
  });
});

// The real ipmitool binary against the real interpreter.
scenarioSuite("ipmitool against dist/linux.js on the real interpreter", ipmitoolScenarios, (s) => realDut("linux", { ...UNIT_FAST, t: { ...UNIT_FAST.t, idleMs: 20000 } }, s.stored), !realSuiteGate().run || !hasIpmitool);

// Nothing of IPMI stays between lines: the interpreter's variables in use
// after the first 10 lines, then after every 50 more of every kind, up to
// 160. The count is not a constant between lines: measured on this build,
// it moves by one variable now and then, up and down (1,345, 1,346, 1,345
// after 10, 60, 110 lines, each sample after the same line), so one sample
// may stand one above or below the others. A leak of one variable in 50
// lines moves the samples by three from first to last; so they all lie
// within one variable of each other.
describe.skipIf(!realSuiteGate().run)("IPMI leaves nothing resident between lines (dist/linux.js on the real interpreter)", () => {
  it("variables in use after 10, 60, 110 and 160 IPMI lines lie within one of each other", async () => {
    const dut = await realDut("linux", UNIT);
    try {
      await login(dut);
      const send = async (l: string) => {
        dut.clear("modem");
        dut.send("modem", l + "\r");
        await dut.waitFor("modem", (t) => t.length > l.length + 2 && t.endsWith("]\r\n"), 5000);
      };
      // Chassis status, device ID, SEL info and entry, an SDR part, a reading, self-test, a probe, a Send Message to this SMC, SYS TMODE.
      const lines = ["[000c01]", "[180c01]", "[280c40]", "[280c430000000000ff]", "[281023000002000010]", "[100c2d01]", "[180c04]", "[b0040000]", "[180c34402e00b2200c01d3]", "[SYS TMODE]"];
      for (const l of lines) await send(l);
      const usage = async () => Number(await dut.evaluate("process.memory().usage"));
      // A REPL line the Linux build's input race spoils makes the
      // interpreter build its SyntaxError or ReferenceError once (9
      // variables each, measured): built here first, that is no step.
      await dut.evaluate('(function(){try{eval("(")}catch(e){}try{eval("zzq9")}catch(e){}return 1})()');
      const samples = [await usage()];
      for (let n = 0; n < 3; n++) {
        for (let k = 0; k < 5; k++) for (const l of lines) await send(l);
        samples.push(await usage());
      }
      expect(Math.max(...samples) - Math.min(...samples), `variables after 10, 60, 110, 160 lines: ${samples.join(", ")}`).toBeLessThanOrEqual(1);
    } finally {
      await dut.close();
    }
  }, 120000);
});
