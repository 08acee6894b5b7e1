// The configuration the flash tool provisions carries a checksum: a single
// byte damaged in flash never boots as a silently altered configuration nor
// as a default SMC 1. It boots as the provisioned SMC (the damage missed
// what the check covers, e.g. a digit of the version number) or with no ID
// and no credentials, refusing every login, saying so in its log.
import { describe, expect, it } from "vitest";
import { UNKNOWN_ID } from "../firmware/config";
import { virtualDut } from "../host/dut/virtualDut";
import { unitSlot } from "../host/flash/units";
import { expectExchange, typed, UNIT } from "./scenarios/common";

const PASSWORD = "flip-secret-7";
const SLOT = unitSlot(
  { name: "t", board: "linux", port: "tcp://x", id: 7, user: "admin", passwordEnv: "PW", salt: undefined, modem: "direct" },
  { PW: PASSWORD },
);

for (const backend of ["ts", "emu"] as const) {
  describe(`a byte flipped in the provisioned configuration (${backend})`, () => {
    it("the flash tool writes the slot format: seq 1, CRC-32 of the document, the document", () => {
      expect(SLOT).toMatch(/^1 [0-9A-F]{8} \{"v":1,"id":7,"users":"admin admin - [0-9a-f]{64} [0-9a-f]{64}","modem":"direct"\}$/);
    });
    it("at every byte, with two different flips: the provisioned SMC 7, or no ID and no login with a CONFIG record", async () => {
      let asProvisioned = 0;
      let refused = 0;
      for (let at = 0; at < SLOT.length; at++) {
        for (const mask of [0x01, 0x24]) {
          const damaged = SLOT.substr(0, at) + String.fromCharCode(SLOT.charCodeAt(at) ^ mask) + SLOT.substr(at + 1);
          const dut = virtualDut(backend, "linux", UNIT, undefined, null);
          dut.unit.powerOff();
          dut.unit.hw.storage.write("smc.a", damaged);
          const before = dut.console().length;
          dut.unit.powerOn();
          const what = `byte ${at} ^ ${mask}: ${JSON.stringify(damaged)}`;
          dut.clock.advance(100);
          const boot = dut.console().slice(before);
          if (boot.includes("BOOT SMC 7 linux")) {
            asProvisioned++;
            expect(boot, what).not.toContain("CONFIG");
            // The credentials are the provisioned ones, exactly.
            await expectExchange(dut, "AUTH admin " + PASSWORD, ["ID 7", "OK"]);
          } else {
            refused++;
            expect(boot, what).toContain(`BOOT SMC ${UNKNOWN_ID} linux`);
            expect(boot, what).toContain("CONFIG defaults: stored config fails its check");
            // The defaults' modem is a Hayes modem: nothing typed reaches a
            // command interpreter outside a call, and no AUTH can succeed.
            dut.send("modem", "AUTH admin " + PASSWORD + "\r");
            dut.clock.advance(3000);
            expect(dut.text("modem"), what).not.toContain("ID ");
          }
          await dut.close();
        }
      }
      // Only the version number's digit is outside the check; it stays a valid seq for some flips.
      expect(asProvisioned).toBeLessThanOrEqual(2);
      expect(refused).toBeGreaterThan(2 * SLOT.length - 3);
    }, 60000);
    it("the intact slot boots as provisioned", async () => {
      const dut = virtualDut(backend, "linux", UNIT, undefined, null);
      dut.unit.powerOff();
      dut.unit.hw.storage.write("smc.a", SLOT);
      dut.unit.powerOn();
      dut.clock.advance(100);
      await dut.waitConsole("BOOT SMC 7 linux", 2000);
      await expectExchange(dut, "AUTH admin " + PASSWORD, ["ID 7", "OK"]);
      expect(await typed(dut, "STATUS")).toContain("CONFIG stored\r\n");
      await dut.close();
    });
  });
}
