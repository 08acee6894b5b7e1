// The harness's check that no virtual clock caught an exception
// (support/clockErrors.ts): without it, a throw in a timer callback on the
// ts and emu backends passed unseen, because the clock catches it as a
// board would and nothing printed "Uncaught".
import vm from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { virtualDut, VirtualDut } from "../host/dut/virtualDut";
import { UNIT } from "./scenarios/common";
import { takeClockErrors } from "./support/clockErrors";

describe("an exception caught by a virtual clock", () => {
  let dut: VirtualDut | undefined;
  afterEach(async () => {
    await dut?.close();
    dut = undefined;
  });

  // The body passes, as terminal.ts's `not.toContain("Uncaught")` did over
  // such a throw; the harness's afterEach fails the test.
  it.fails("fails the test even when every assertion of its body passes", async () => {
    dut = virtualDut("ts", "linux", UNIT);
    await dut.waitConsole("BOOT SMC", 5000);
    dut.clock.setTimeout(() => {
      throw new Error("deliberate throw in a timer");
    }, 10);
    await dut.pause(20);
    expect(dut.console()).not.toContain("Uncaught");
  });

  it("is reported with its message and the virtual time it was thrown at", async () => {
    dut = virtualDut("ts", "linux", UNIT);
    const at = dut.now() + 10;
    dut.clock.setTimeout(() => {
      throw new Error("deliberate throw in a timer");
    }, 10);
    await dut.pause(20);
    expect(() => takeClockErrors()).toThrow(`a virtual clock caught 1 exception(s) thrown by timer callbacks:\nat virtual time ${at} ms: Error: deliberate throw in a timer`);
    // Taken: nothing is left for the afterEach check.
    expect(() => takeClockErrors()).not.toThrow();
  });

  it("is caught from the bundle's own timers in the emulation too", async () => {
    dut = virtualDut("emu", "linux", UNIT);
    await dut.waitConsole("BOOT SMC", 5000);
    vm.runInContext('setTimeout(function () { throw new Error("deliberate throw in a bundle timer"); }, 5);', dut.unit.emulation!.context);
    await dut.pause(10);
    expect(() => takeClockErrors()).toThrow(/deliberate throw in a bundle timer/);
  });

  // Espruino prints "Uncaught <value>" and its stack on the console, and goes on.
  it("is printed on the board's console as Espruino prints it, and the board goes on", async () => {
    dut = virtualDut("emu", "linux", UNIT);
    await dut.waitConsole("BOOT SMC", 5000);
    const ctx = dut.unit.emulation!.context;
    // As if in the bundle, whose frames are the ones printed.
    vm.runInContext('setTimeout(function () { throw new Error("deliberate throw in a bundle timer"); }, 5);', ctx, { filename: "bundle.js" });
    vm.runInContext('setTimeout(function () { throw "a string"; }, 10);', ctx, { filename: "bundle.js" });
    const before = dut.console().length;
    await dut.pause(20);
    const printed = dut.console().substr(before);
    expect(printed).toMatch(/^Uncaught Error: deliberate throw in a bundle timer\r\n    at bundle\.js:1:\d+\r\nUncaught a string\r\n$/);
    expect(() => takeClockErrors()).toThrow(/2 exception\(s\)[^]*deliberate throw in a bundle timer[^]*a string/);
    dut.send("modem", "HELP\r");
    await dut.waitFor("modem", "HELP\r\n", 5000);
    await dut.waitFor("modem", (t) => t.endsWith("\r\nOK\r\n"), 5000);
  });

  it("is printed from a pin watch and from a UART data handler too, each once", async () => {
    dut = virtualDut("emu", "linux", UNIT);
    await dut.waitConsole("BOOT SMC", 5000);
    const ctx = dut.unit.emulation!.context;
    const pin = dut.board.pins.dcd;
    vm.runInContext(`setWatch(function () { throw new Error("deliberate throw in a watch"); }, ${pin}, { edge: "both", repeat: false });`, ctx);
    dut.setInput("dcd", !dut.unit.hw.pins.level(pin));
    await dut.pause(5);
    const serial = dut.board.ports.modem!.serial;
    vm.runInContext(`${serial}.on("data", function () { throw new Error("deliberate throw in a data handler"); });`, ctx);
    dut.send("modem", "S");
    await dut.pause(20);
    expect(dut.console().match(/Uncaught [^\r]*/g)).toEqual(["Uncaught Error: deliberate throw in a watch", "Uncaught Error: deliberate throw in a data handler"]);
    expect(() => takeClockErrors()).toThrow(/2 exception\(s\)/);
  });

  it("is caught from a UART data handler in the emulation too", async () => {
    dut = virtualDut("emu", "linux", UNIT);
    await dut.waitConsole("BOOT SMC", 5000);
    const serial = dut.board.ports.modem!.serial;
    vm.runInContext(`${serial}.on("data", function () { throw new Error("deliberate throw in a data handler"); });`, dut.unit.emulation!.context);
    dut.send("modem", "STATUS\r");
    await dut.pause(20);
    expect(() => takeClockErrors()).toThrow(/deliberate throw in a data handler/);
  });
});
