// The real ipmitool binary (Debian's package) against one SMC: exit codes,
// printed fields and pins. Run on every backend (host-tests/support/ipmitool.ts).
import { expect } from "vitest";
import { ipmitool } from "../support/ipmitool";
import { expectExchange, login, typed, UNIT } from "./common";
import { configDocument } from "../../host/sim/provision";
import type { Scenario } from "./terminal";

export const ipmitoolScenarios: Scenario[] = [
  {
    name: "ipmitool chassis identify 5: the identify pin on, off after 5 s; force, then 0",
    async run(dut) {
      await login(dut);
      const id = await ipmitool(dut, ["chassis", "identify", "5"]);
      expect(id.code).toBe(0);
      expect(id.stdout.trim()).toBe("Chassis identify interval: 5 seconds");
      const seen = dut.now();
      expect(dut.output("identify")).toBe(true);
      // Switched on before ipmitool printed; off 5 s later, not sooner than the time since then allows.
      const off = await dut.waitOutput("identify", false, 5000 + 1000 + dut.slackMs);
      expect(off - seen).toBeLessThanOrEqual(5000 + dut.slackMs);
      expect(off - seen).toBeGreaterThan(2000);
      const f = await ipmitool(dut, ["chassis", "identify", "force"]);
      expect(f.code).toBe(0);
      expect(f.stdout.trim()).toBe("Chassis identify interval: indefinite");
      expect(dut.output("identify")).toBe(true);
      const o = await ipmitool(dut, ["chassis", "identify", "0"]);
      expect(o.code).toBe(0);
      expect(o.stdout.trim()).toBe("Chassis identify interval: off");
      expect(dut.output("identify")).toBe(false);
    },
  },
  {
    name: "ipmitool with a read account (IPMI User): status read; chassis power, selftest and sel clear refused with D4, nothing pressed; an operator powers, not clears",
    stored: configDocument({ ...UNIT, accounts: [{ user: "viewer", role: "read", password: "view-pass-1" }] }),
    async run(dut) {
      await expectExchange(dut, "AUTH viewer view-pass-1", [`ID ${dut.config.id}`, "OK"]);
      const cs = await ipmitool(dut, ["chassis", "status"]);
      expect(cs.code).toBe(0);
      expect(cs.stdout).toMatch(/^System Power\s+: off$/m);
      for (const what of ["on", "off", "cycle", "reset"]) {
        const p = await ipmitool(dut, ["chassis", "power", what]);
        expect(p.code, what).toBe(1);
        expect(p.stdout, what).not.toContain("Chassis Power Control");
        expect(p.stderr, what).toContain("Insufficient privilege level");
      }
      await dut.waitConsole("DENIED POWER ON needs operator, read viewer", 2000);
      const st = await ipmitool(dut, ["mc", "selftest"]);
      expect(st.code).toBe(1);
      expect(st.stdout).not.toContain("Selftest");
      const clear = await ipmitool(dut, ["sel", "clear"]);
      expect(clear.stdout + clear.stderr).not.toContain("Clearing SEL");
      expect(dut.output("power")).toBe(false);
      expect(dut.output("reset")).toBe(false);
      await expectExchange(dut, "AUTH oper op-pass-1", [`ID ${dut.config.id}`, "OK"]);
      const cy = await ipmitool(dut, ["chassis", "power", "cycle"]);
      expect(cy.code).toBe(0);
      expect(cy.stdout.trim()).toBe("Chassis Power Control: Cycle");
      await dut.waitOutput("power", true, 3000);
      const clear2 = await ipmitool(dut, ["sel", "clear"]);
      expect(clear2.stdout + clear2.stderr).not.toContain("Clearing SEL");
      await dut.waitConsole("DENIED LOG CLEAR needs admin, operator oper", 2000);
    },
  },
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
      const id = await ipmitool(dut, ["chassis", "identify", "5"]);
      expect(id.code).not.toBe(0);
      expect(id.stdout).not.toContain("Chassis identify interval");
      expect(dut.output("identify")).toBe(false);
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
      const diag = await typed(dut, "DIAG");
      const st = await ipmitool(dut, ["mc", "selftest"]);
      expect(st.code).toBe(0);
      expect(st.stdout).toContain(diag.endsWith("\r\nOK\r\n") ? "Selftest: passed" : "Selftest: device error");
      const cs = await ipmitool(dut, ["chassis", "status"]);
      expect(cs.code).toBe(0);
      expect(cs.stdout).toMatch(/^System Power\s+: off$/m);
      const ps = await ipmitool(dut, ["chassis", "power", "status"]);
      expect(ps.stdout.trim()).toBe("Chassis Power is off");
      const cy = await ipmitool(dut, ["chassis", "power", "cycle"]);
      expect(cy.code).toBe(0);
      expect(cy.stdout.trim()).toBe("Chassis Power Control: Cycle");
      // The server is off: the pin pulses once, a press (a hold would switch it on and off again).
      const p0 = await dut.waitOutput("power", true, 3000);
      const p1 = await dut.waitOutput("power", false, dut.config.t.holdMs + 3000);
      expect(p1 - p0).toBeLessThanOrEqual(dut.config.t.pressMs + dut.slackMs);
      await dut.waitConsole("POWER CYCLE failed: power-good OFF", dut.config.t.powerGoodMs + 3000);
      expect(dut.output("power")).toBe(false);
    },
  },
  {
    name: "ipmitool sel info, sel list, sel clear: the event log as SEL records",
    async run(dut) {
      await login(dut);
      const info = await ipmitool(dut, ["sel", "info"]);
      expect(info.code).toBe(0);
      const entries = +(/^Entries\s+: (\d+)$/m.exec(info.stdout) ?? ["", "-1"])[1];
      expect(entries).toBeGreaterThanOrEqual(2);
      const list = await ipmitool(dut, ["sel", "list"]);
      expect(list.code).toBe(0);
      const lines = list.stdout.trimEnd().split("\n");
      expect(lines.length).toBe(entries);
      // The first record is the boot, the login's AUTH is among them.
      expect(lines[0]).toMatch(/^ +1 \|  Pre-Init  \|\d{10}\| System Boot Initiated #0x01 \| Initiated by power up \| Asserted$/);
      expect(list.stdout).toContain("| Session Audit #0x01 |");
      const clear = await ipmitool(dut, ["sel", "clear"]);
      expect(clear.code).toBe(0);
      expect(clear.stdout).toContain("Clearing SEL");
      // The erase is the first record of the new log (LOG CLEAR's rule).
      const after = await ipmitool(dut, ["sel", "list"]);
      expect(after.stdout.trimEnd().split("\n")).toHaveLength(1);
      expect(after.stdout).toMatch(/^ +1 \|  Pre-Init  \|\d{10}\| System Event #0x01 \| Entry added to auxiliary log \| Asserted$/m);
    },
  },
  {
    name: "ipmitool sdr list, sdr elist, sensor list: the temperature and the board's inputs, a digital alarm asserted",
    async run(dut) {
      await login(dut);
      const names = ["temp", ...Object.keys(dut.board.inputs ?? {})];
      const sdr = await ipmitool(dut, ["sdr", "list"]);
      expect(sdr.code).toBe(0);
      const lines = sdr.stdout.trimEnd().split("\n");
      expect(lines.map((l) => l.split("|")[0].trim())).toEqual(names);
      // The temperature: a number in degrees C, or no reading where the interpreter has none.
      expect(lines[0]).toMatch(/^temp +\| (-?\d+ degrees C +\| ok|no reading +\| ns)$/);
      const digital = names.filter((n) => dut.board.inputs?.[n]?.kind === "digital");
      expect(digital.length).toBeGreaterThan(0);
      dut.setInput(digital[0], true);
      await dut.pause(200);
      const el = await ipmitool(dut, ["sdr", "elist"]);
      expect(el.code).toBe(0);
      expect(el.stdout).toMatch(new RegExp(`^${digital[0]} +\\| 0${names.indexOf(digital[0]) + 1}h \\| ok +\\| +7\\.1 \\| State Asserted$`, "m"));
      if (digital[1]) expect(el.stdout).toMatch(new RegExp(`^${digital[1]} +\\| 0${names.indexOf(digital[1]) + 1}h \\| ok +\\| +7\\.1 \\| State Deasserted$`, "m"));
      const sl = await ipmitool(dut, ["sensor", "list"]);
      expect(sl.code).toBe(0);
      expect(sl.stdout.trimEnd().split("\n")).toHaveLength(names.length);
    },
  },
];
