// A power cut at any moment of a CONFIG write, on the built bundle in the
// emulation: the board always boots again with a stored configuration, the
// old one or, once the write is whole, the new one.
import { describe, expect, it } from "vitest";
import { virtualDut } from "../host/dut/virtualDut";
import { login, typed, UNIT } from "./scenarios/common";

describe("power cut during a configuration write (dist/linux.js in the emulation)", () => {
  it("at every 7th byte of the new version and at its last bytes, the SMC boots as 7 or as 9, never on defaults", async () => {
    // Learn the length of the version CONFIG ID 9 writes.
    const probe = virtualDut("emu", "linux", UNIT);
    await login(probe);
    await typed(probe, "CONFIG ID 9");
    const written = probe.unit.hw.storage.writes.find((w) => w.name === "smc.a")!.bytes;
    await probe.close();
    const cuts = [...Array.from({ length: Math.floor(written / 7) + 1 }, (_, i) => i * 7), written - 1, written];
    for (const cut of cuts) {
      const dut = virtualDut("emu", "linux", UNIT);
      await login(dut);
      const storage = dut.unit.hw.storage;
      storage.powerCut = { match: (n) => n === "smc.a", bytes: cut, cut: () => dut.unit.powerOff() };
      dut.send("modem", "CONFIG ID 9\r");
      dut.clock.advance(2000);
      expect(storage.powerCut, `cut ${cut}`).toBeUndefined();
      dut.unit.powerOn();
      await dut.waitConsole("BOOT SMC " + (cut === written ? 9 : 7) + " linux", 2000);
      expect(dut.console(), `cut ${cut}`).not.toContain("CONFIG defaults");
      await dut.close();
    }
  });
});
