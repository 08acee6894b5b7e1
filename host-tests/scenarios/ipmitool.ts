// The real ipmitool binary (Debian's package) against one SMC: exit codes,
// printed fields and pins. Run on every backend (host-tests/support/ipmitool.ts).
import { expect } from "vitest";
import { ipmitool } from "../support/ipmitool";
import { login } from "./common";
import type { Scenario } from "./terminal";

export const ipmitoolScenarios: Scenario[] = [
  {
    name: "ipmitool without a session: no state read, nothing pressed, a non-zero exit",
    async run(dut) {
      const st = await ipmitool(dut, ["chassis", "power", "cycle"]);
      expect(st.code).not.toBe(0);
      expect(st.stdout).not.toContain("Chassis Power Control");
      expect(st.stderr).toContain("Insufficient privilege level");
      expect(dut.output("power")).toBe(false);
      const mc = await ipmitool(dut, ["chassis", "status"]);
      expect(mc.code).not.toBe(0);
      expect(mc.stdout).not.toContain("System Power");
    },
  },
  {
    name: "after AUTH: ipmitool mc info, chassis status, chassis power status and cycle (the power pin pressed)",
    async run(dut) {
      await login(dut);
      const mc = await ipmitool(dut, ["mc", "info"]);
      expect(mc.code).toBe(0);
      expect(mc.stdout).toMatch(new RegExp(`^Device ID\\s+: ${dut.config.id}$`, "m"));
      expect(mc.stdout).toMatch(/^IPMI Version\s+: 2\.0$/m);
      expect(mc.stdout).toContain("Chassis Device");
      const cs = await ipmitool(dut, ["chassis", "status"]);
      expect(cs.code).toBe(0);
      expect(cs.stdout).toMatch(/^System Power\s+: off$/m);
      const ps = await ipmitool(dut, ["chassis", "power", "status"]);
      expect(ps.stdout.trim()).toBe("Chassis Power is off");
      const cy = await ipmitool(dut, ["chassis", "power", "cycle"]);
      expect(cy.code).toBe(0);
      expect(cy.stdout.trim()).toBe("Chassis Power Control: Cycle");
      await dut.waitOutput("power", true, 3000);
    },
  },
];
