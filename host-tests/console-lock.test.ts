// The REPL must never be reachable from a UART the firmware uses. On a board
// Espruino moves the REPL to Serial1 when USB is unplugged unless the
// console was forced elsewhere; the emulation models that, so these tests
// show both the exposure and that the firmware prevents it.
import { afterEach, describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { UNIT } from "./scenarios/common";
import { virtualDut, VirtualDut } from "../host/dut/virtualDut";

const boards = readdirSync(new URL("../boards", import.meta.url)).map((f) => f.replace(/\.json$/, ""));

describe("the console lock, on every board's bundle in the emulation", () => {
  let dut: VirtualDut | undefined;
  afterEach(async () => {
    await dut?.close();
    dut = undefined;
  });

  for (const board of boards) {
    it(`${board}: the REPL is forced onto the board's console device and stays there with USB unplugged`, async () => {
      dut = virtualDut("emu", board, UNIT);
      await dut.waitConsole("BOOT", 1000);
      const con = dut.unit.hw.console;
      expect(con.device).toBe(dut.board.console);
      expect(con.forced).toBe(true);
      for (const role of ["modem", "linkA", "linkB"] as const) {
        const desc = dut.board.ports[role];
        if (desc) expect(desc.serial).not.toBe(dut.board.console);
      }
      con.unplugUsb();
      expect(con.device).toBe(dut.board.console);
      dut.send("modem", "1+1\r");
      await dut.waitFor("modem", "ERR 1 unknown command\r\n", 1000);
      expect(dut.text("modem")).toBe("1+1\r\nERR 1 unknown command\r\n");
    });
  }

  it("without the lock, unplugging USB hands the modem caller a REPL that runs code (what the lock prevents)", async () => {
    dut = virtualDut("emu", "pico", UNIT, { ignoreSetConsole: true });
    await dut.waitConsole("BOOT", 1000);
    dut.unit.hw.console.unplugUsb();
    expect(dut.unit.hw.console.device).toBe("Serial1");
    dut.send("modem", "1+1\r");
    await dut.waitFor("modem", ">", 1000);
    expect(dut.text("modem")).toBe("1+1\r\n=2\r\n>");
  });
});
