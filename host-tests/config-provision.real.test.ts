// A byte flipped in the provisioned configuration, in the real
// interpreter's flash image (espruino.flash): the SMC boots as provisioned
// or with no ID (255) and no credentials, logging that its stored config
// fails its check; never as a default SMC 1, never with altered settings.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundlePath, loadBoard } from "../host/dut/virtualDut";
import { unitSlot } from "../host/flash/units";
import { RealBoard, readStorageFile, realSuiteGate, startRealBoard, waitFor } from "../host/real";

const gate = realSuiteGate();

/** Where a Storage file's data starts in the flash image (host/real/storageFile.ts has the layout). */
function dataOffset(flash: Buffer, name: string): number {
  const want = Buffer.alloc(28);
  want.write(name, "latin1");
  const at = flash.lastIndexOf(want);
  if (at < 4) throw new Error("no " + name + " in the flash image");
  return at + 28;
}

describe.skipIf(!gate.run)("a byte flipped in the provisioned configuration (real interpreter)", () => {
  let board: RealBoard | undefined;
  afterAll(async () => {
    await board?.kill();
  });

  it("boots as SMC 7 or as no SMC with a CONFIG record, at every part of the slot", async () => {
    const slot = unitSlot({ name: "u", board: "linux", port: "tcp://x", id: 7, user: "admin", passwordEnv: "PW", modem: "direct" }, { PW: "real-flip-7" });
    const linux = loadBoard("linux");
    board = await startRealBoard({
      bundle: readFileSync(bundlePath("linux"), "latin1"),
      files: { "smc.a": slot },
      uarts: [1, 2, 3],
      pins: Object.values(linux.pins).map((p) => Number(p.slice(1))),
    });
    const b = board;
    await waitFor(() => b.console().includes("BOOT SMC 7 linux"), 15000, () => "the first boot: " + JSON.stringify(b.console()));
    const image = path.join(b.dir, "espruino.flash");
    // The seq digit, the CRC, a separator, the version, the ID, the user, the salt, the hash, the last byte.
    const json = slot.indexOf("{");
    const spots = [0, 3, 10, json + 5, slot.indexOf('"id":7') + 5, slot.indexOf("admin") + 2, slot.indexOf('"salt":"') + 9, slot.indexOf('"hash":"') + 30, slot.length - 1];
    for (const at of spots) {
      await b.powerOff();
      const flash = readFileSync(image);
      const start = dataOffset(flash, "smc.a");
      const original = flash[start + at];
      flash[start + at] ^= 0x04;
      writeFileSync(image, flash);
      const what = `byte ${at} (${JSON.stringify(slot.charAt(at))})`;
      expect(readStorageFile(b.dir, "smc.a")!.charAt(at), what).not.toBe(slot.charAt(at));
      await b.powerOn();
      // Boot code done: the REPL's prompt follows the boot's records (BOOT, then CONFIG if any).
      await waitFor(() => /BOOT SMC \d+ linux[^\n]*\n[\s\S]*>/.test(b.console()), 15000, () => `the boot with ${what} flipped: ${JSON.stringify(b.console())}`);
      const boot = b.console();
      if (at === 0) {
        // "1" -> "5": a valid seq; the document and its check are whole.
        expect(boot, what).toContain("BOOT SMC 7 linux");
        expect(boot, what).not.toContain("CONFIG");
      } else {
        expect(boot, what).toContain("BOOT SMC 255 linux");
        expect(boot, what).toContain("CONFIG defaults: stored config fails its check");
        expect(boot, what).not.toContain("BOOT SMC 1 ");
      }
      // Put it back for the next flip.
      await b.powerOff();
      const again = readFileSync(image);
      again[start + at] = original;
      writeFileSync(image, again);
    }
  }, 120000);
});
