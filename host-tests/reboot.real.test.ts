// CONFIG REBOOT on the Linux board, on the real interpreter: the Linux
// build cannot reboot and ends its process; the shipped systemd unit's
// ExecStart, started again whenever it ends (Restart=always, played here),
// brings the SMC back with the configuration saved before the reboot. The
// unit is provisioned as the flash tool provisions it (the checked slot).
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { bundlePath, loadBoard } from "../host/dut/virtualDut";
import { execStart, supervisorUnit } from "../host/flash/supervisor";
import { unitSlot } from "../host/flash/units";
import { findInterpreter, RealBoard, realSuiteGate, startRealBoard, waitFor } from "../host/real";

const gate = realSuiteGate();

describe.skipIf(!gate.run)("CONFIG REBOOT on the Linux board under its systemd unit (real interpreter)", () => {
  let board: RealBoard | undefined;
  afterEach(async () => {
    await board?.kill();
    board = undefined;
  });

  it("the unit is back, with its new ID, after CONFIG REBOOT; the reboot counts as commanded", async () => {
    const linux = loadBoard("linux");
    const unitFile = supervisorUnit({ espruino: findInterpreter().bin! });
    expect(unitFile).toMatch(/^Restart=always$/m);
    board = await startRealBoard({
      bundle: readFileSync(bundlePath("linux"), "latin1"),
      files: { "smc.a": unitSlot({ name: "pi", board: "linux", port: "tcp://pi:2323", id: 7, user: "admin", passwordEnv: "PW", modem: "direct" }, { PW: "reboot-pw-7" }) },
      uarts: [1, 2, 3],
      pins: Object.values(linux.pins).map((p) => Number(p.slice(1))),
      execStart: execStart(unitFile),
      supervise: true,
    });
    const b = board;
    const modem = b.uart(1);
    const said = () => modem.received().toString("latin1");
    const ask = async (line: string, want: string, deadlineMs = 10000) => {
      modem.clear();
      modem.write(line + "\r");
      await waitFor(() => said().includes(want), deadlineMs, () => `${JSON.stringify(want)} after ${line}; got ${JSON.stringify(said())}`);
    };
    await waitFor(() => b.console().includes("BOOT SMC 7 linux"), 15000, () => "the first boot; console: " + JSON.stringify(b.console()));
    await ask("AUTH admin reboot-pw-7", "ID 7\r\nOK\r\n");
    await ask("CONFIG ID 9", "CONFIG saved; applies after CONFIG REBOOT\r\nOK\r\n");
    await ask("CONFIG REBOOT", "OK\r\n");
    // The whole boot record: the console may have only part of its line yet.
    await waitFor(() => /BOOT SMC 9 linux[^\n]*\n/.test(b.console()), 15000, () => "the boot after CONFIG REBOOT; console: " + JSON.stringify(b.console()));
    expect(b.restarts).toBe(1);
    expect(b.console()).toContain("REBOOT: the process ends; its supervisor starts the SMC again");
    expect(b.console()).toMatch(/BOOT SMC 9 linux fw \S+, boot 2 after commanded reboot/);
    // A new run: no permission survived, the saved password still holds.
    await ask("STATUS", "ERR 6 not authenticated\r\n");
    await ask("AUTH admin reboot-pw-7", "ID 9\r\nOK\r\n");
  }, 60000);
});
