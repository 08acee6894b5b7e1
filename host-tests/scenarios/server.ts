// The server body beyond reset and power: inputs, READ, DIAG, events, the
// log's admin-only erase. Written once for every backend.
import { expect } from "vitest";
import type { Dut } from "../../host/dut/dut";
import { expectExchange, login, typed } from "./common";
import type { Scenario } from "./terminal";

export const serverScenarios: Scenario[] = [
  {
    name: "READ shows one input; a fan failure is an ALARM, logged when it starts and ends",
    async run(dut) {
      await login(dut);
      await expectExchange(dut, "READ fanFail", ["IN fanFail 0 ok", "OK"]);
      await expectExchange(dut, "READ power", ["POWER OFF", "OK"]);
      await expectExchange(dut, "READ nothing", ["ERR 2 bad arguments"]);
      dut.setInput("fanFail", true);
      await dut.waitConsole("INPUT fanFail ALARM", 2000);
      await expectExchange(dut, "READ fanFail", ["IN fanFail 1 alarm", "OK"]);
      dut.setInput("fanFail", false);
      await dut.waitConsole("INPUT fanFail OK", 2000);
    },
  },
  {
    name: "a power change nobody commanded is logged as such",
    async run(dut) {
      // A command answered: the firmware has finished starting (and watches power-good).
      await typed(dut, "HELP");
      dut.setInput("powerGood", true);
      await dut.waitConsole("POWER server on (not commanded)", 2000);
      dut.setInput("powerGood", false);
      await dut.waitConsole("POWER server off (not commanded)", 2000);
    },
  },
  {
    name: "a server reset nobody commanded is logged; the SMC's own RESET is not taken for one",
    async run(dut) {
      await login(dut);
      dut.setInput("resetSense", true);
      await dut.waitConsole("RESET observed (not commanded)", 2000);
      dut.setInput("resetSense", false);
      // The SMC's own pulse, seen on the sense line as the wiring shows it.
      dut.clear("modem");
      dut.send("modem", "RESET\r");
      await dut.waitOutput("reset", true, 2000);
      dut.setInput("resetSense", true);
      await dut.waitOutput("reset", false, dut.config.t.resetMs + 2000);
      dut.setInput("resetSense", false);
      await dut.waitFor("modem", "RESET\r\nOK\r\n");
      await dut.pause(300);
      expect(dut.console().split("RESET observed").length - 1).toBe(1);
      expect(dut.console()).toContain("RESET commanded");
    },
  },
  {
    name: "DIAG tests storage, links, watchdog and memory, and says which part failed",
    async run(dut) {
      await login(dut);
      const got = await typed(dut, "DIAG");
      const lines = got.split("\r\n").filter(Boolean);
      expect(lines[0]).toBe("DIAG");
      expect(lines[1]).toBe("DIAG STORAGE ok write, read back, erase");
      const links = dut.board.ports.linkB ? ["A", "B"] : ["A"];
      for (let i = 0; i < links.length; i++) expect(lines[2 + i]).toBe(`DIAG LINK ${links[i]} ok silent, 0 bad frames, 0 overflows, 0 lost`);
      expect(lines[2 + links.length]).toBe("DIAG WATCHDOG none on this build; the supervisor restarts an ended SMC");
      if (dut.backend !== "real") expect(lines[3 + links.length]).toBe("DIAG MEMORY ok not measured in the simulation");
      else expect(lines[3 + links.length]).toMatch(dut.board.variables ? /^DIAG MEMORY ok \d+ of \d+ variables free$/ : /^DIAG MEMORY ok \d+ variables in use, grows as needed$/);
      expect(lines[4 + links.length]).toBe("OK");
      expect(await dut.readFile("smc.diag")).toBeUndefined();
    },
  },
  {
    name: "LOG CLEAR is for the admin account only, and needs CONFIRM; the operator account reads",
    async run(dut: Dut) {
      await expectExchange(dut, "AUTH oper op-pass-1", [`ID ${dut.config.id}`, "OK"]);
      await expectExchange(dut, "READ fanFail", ["IN fanFail 0 ok", "OK"]);
      await expectExchange(dut, "LOG CLEAR", ["ERR 14 not permitted: needs admin"]);
      await expectExchange(dut, "LOG CLEAR CONFIRM", ["ERR 14 not permitted: needs admin"]);
      await login(dut);
      await expectExchange(dut, "LOG CLEAR", ["ERR 15 repeat with CONFIRM at the end"]);
      await expectExchange(dut, "LOG CLEAR NOW", ["ERR 2 bad arguments"]);
      await expectExchange(dut, "LOG CLEAR CONFIRM", ["OK"]);
      const page = await typed(dut, "LOG");
      expect(page).toMatch(/^LOG\r\nLOG 1 \d+ LOG cleared \d+ records\r\nLOG 2 of 1\r\nOK\r\n$/);
    },
  },
];

export const configScenarios: Scenario[] = [
  {
    name: "CONFIG: the admin changes the ID and ring threshold, a password change needs CONFIRM, all apply after a reboot",
    async run(dut) {
      await expectExchange(dut, "AUTH oper op-pass-1", [`ID ${dut.config.id}`, "OK"]);
      await expectExchange(dut, "CONFIG ID 9", ["ERR 14 not permitted: needs admin"]);
      await login(dut);
      await expectExchange(dut, "CONFIG ID 9", ["CONFIG saved; applies after CONFIG REBOOT", "OK"]);
      await expectExchange(dut, "CONFIG RINGS 3", ["CONFIG saved; applies after CONFIG REBOOT", "OK"]);
      // Which links have a neighbour's cable (a never-heard one is then down, not the chain's end).
      await expectExchange(dut, "CONFIG CABLED AC", ["ERR 2 bad arguments"]);
      await expectExchange(dut, "CONFIG CABLED B", ["CONFIG saved; applies after CONFIG REBOOT", "OK"]);
      await expectExchange(dut, "CONFIG ID 0", ["ERR 2 bad arguments"]);
      await expectExchange(dut, "CONFIG TIME nosuch 5", ["ERR 2 bad arguments"]);
      await expectExchange(dut, "CONFIG PASSWORD n3w-pass", ["ERR 15 repeat with CONFIRM at the end"]);
      await expectExchange(dut, "CONFIG PASSWORD n3w-pass CONFIRM", ["CONFIG saved; in force from the next login", "OK"]);
      // Still the running configuration until the reboot, and SHOW says a change waits.
      expect((await typed(dut, "STATUS")).split("\r\n")[1]).toBe("ID 7");
      const waiting = await typed(dut, "CONFIG SHOW");
      expect(waiting).toContain("CONFIG id 7\r\n");
      expect(waiting).toMatch(/\r\nCONFIG modem \S+ wiring links cabled \?\r\n/);
      expect(waiting.endsWith("CONFIG pending: saved changes apply after CONFIG REBOOT\r\nOK\r\n")).toBe(true);
      await dut.powerCycle();
      await dut.waitConsole("BOOT SMC 9", 5000);
      await expectExchange(dut, `AUTH admin n3w-pass`, ["ID 9", "OK"]);
      const show = await typed(dut, "CONFIG SHOW");
      expect(show).toContain("CONFIG id 9\r\nCONFIG user admin admin key none\r\nCONFIG user oper operator key set\r\nCONFIG answerRings 3\r\n");
      expect(show).toMatch(/\r\nCONFIG answerRings 3\r\nCONFIG modem \S+ wiring links cabled B\r\n/);
      expect(show).not.toContain("pending");
      expect(await dut.readFile("smc.json")).toBeDefined();
    },
  },
  {
    name: "CONFIG REBOOT restarts the SMC as a board would, keeping its flash: the saved change is in effect, the reboot counted as commanded",
    async run(dut) {
      await login(dut);
      await expectExchange(dut, "CONFIG ID 9", ["CONFIG saved; applies after CONFIG REBOOT", "OK"]);
      await expectExchange(dut, "CONFIG REBOOT", ["OK"]);
      // The Linux build ends its process; the supervisor (the systemd unit, or the test harness) starts it again.
      await dut.waitConsole("BOOT SMC 9 " + dut.board.name + " fw ", 10000);
      await dut.waitConsole("boot 2 after commanded reboot", 1000);
      if (dut.backend !== "ts" && dut.board.name === "linux") expect(dut.console()).toContain("REBOOT: the process ends; its supervisor starts the SMC again");
      // A new run: the call's permission did not survive it.
      await expectExchange(dut, "STATUS", ["ERR 6 not authenticated"]);
      await expectExchange(dut, "AUTH admin s3cret-pass", ["ID 9", "OK"]);
      expect((await typed(dut, "STATUS")).split("\r\n")[1]).toBe("ID 9");
      expect((await typed(dut, "CONFIG SHOW")).split("\r\n")[1]).toBe("CONFIG id 9");
    },
  },
];
