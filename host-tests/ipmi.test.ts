// IPMI Terminal Mode on one SMC: TypeScript sources on the mocked HAL and
// the built bundle in the Espruino emulation.
import { afterEach, describe, it } from "vitest";
import type { SiteDut } from "../host/dut/siteDut";
import { virtualDut } from "../host/dut/virtualDut";
import { virtualSite } from "../host/dut/virtualSite";
import { expect } from "vitest";
import { login, UNIT } from "./scenarios/common";
import { bridgeScenario, identifyScenarios, ipmiScenarios, passThroughScenario, twoLevelScenario } from "./scenarios/ipmi";
import { hasIpmitool, ipmitool } from "./support/ipmitool";
import { ipmitoolScenarios } from "./scenarios/ipmitool";
import { scenarioSuite } from "./support/suite";

for (const backend of ["ts", "emu"] as const) {
  scenarioSuite(
    `IPMI Terminal Mode (${backend === "ts" ? "TypeScript sources, mocked HAL" : "dist/linux.js in the emulation"})`,
    [...ipmiScenarios, ...identifyScenarios],
    (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored),
  );
}

for (const backend of ["ts", "emu"] as const) {
  describe(`IPMI bridged along the chain (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`, () => {
    let site: SiteDut | undefined;
    afterEach(async () => {
      await site?.close();
      site = undefined;
    });
    const chain = bridgeScenario();
    it(`chain of 3: ${chain.name}`, async () => {
      site = virtualSite(backend, { size: 3, ring: false });
      await chain.run(site);
    });
    const ring = bridgeScenario(1);
    it(`ring of 4: ${ring.name}`, async () => {
      site = virtualSite(backend, { size: 4, ring: true });
      await ring.run(site);
    });
    const two = twoLevelScenario();
    it(`chain of 3: ${two.name}`, async () => {
      site = virtualSite(backend, { size: 3, ring: false });
      await two.run(site);
    });
    const pass = passThroughScenario();
    it(pass.name, async () => {
      site = virtualSite(backend, { size: 3, ring: false, wiring: "passthrough" });
      await pass.run(site);
    });
  });
}

// The real ipmitool binary against the simulated SMC (TypeScript sources and the bundle in the emulation).
for (const backend of ["ts", "emu"] as const) {
  scenarioSuite(
    `ipmitool against the simulated SMC (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`,
    ipmitoolScenarios,
    (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored),
    !hasIpmitool,
  );
}

// An analog input's range as its thresholds (the Pico's board file: inletTemp, 0..1 × 330 C, range 5..45).
describe.skipIf(!hasIpmitool)("IPMI sensors of an analog input (Pico board file, TypeScript sources)", () => {
  it("Get Sensor Thresholds and ipmitool sensor list give the range, quantised to the raw counts (1.29 C)", async () => {
    const dut = await virtualDut("ts", "pico", UNIT);
    try {
      await login(dut);
      dut.clear("modem");
      dut.send("modem", "[100c2703]\r");
      await dut.waitFor("modem", (t) => t.endsWith("]\r\n") && t.includes("[14"));
      // Readable: lower and upper critical; raw 4 (5.16 C) and 35 (0x23, 45.15 C).
      expect(dut.text("modem")).toBe("[100c2703]\r\n[14 0C 27 00 12 00 04 00 00 23 00]\r\n");
      const sl = await ipmitool(dut, ["sensor", "list"]);
      expect(sl.code).toBe(0);
      expect(sl.stdout).toMatch(/^inletTemp +\| na +\| degrees C +\| na +\| na +\| 5\.160 +\| na +\| na +\| 45\.150 +\| na +$/m);
    } finally {
      await dut.close();
    }
  });
});

// A board whose file wires no identify output (the Original's): Chassis Identify is not there, C1.
for (const backend of ["ts", "emu"] as const) {
  describe(`Chassis Identify without an identify output (original board file, ${backend === "ts" ? "TypeScript sources" : "dist/original.js in the emulation"})`, () => {
    it("answers C1 (invalid command), after AUTH too", async () => {
      const dut = await virtualDut(backend, "original", UNIT);
      try {
        await login(dut);
        dut.clear("modem");
        dut.send("modem", "[000c0405]\r");
        await dut.waitFor("modem", (t) => t.endsWith("]\r\n") && t.includes("[04"));
        expect(dut.text("modem")).toBe("[000c0405]\r\n[04 0C 04 C1]\r\n");
      } finally {
        await dut.close();
      }
    });
  });
}
