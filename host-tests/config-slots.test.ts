// The configuration survives a power cut at any moment of a write: every
// prefix of the new slot's bytes is tried as what the flash held when the
// power went, and the SMC must then boot from the old version or the new,
// never from defaults.
import { describe, expect, it } from "vitest";
import { parseConfig, readSlots, writeSlots } from "../firmware/config";
import { crc32 } from "../firmware/protocol";
import { configDocument } from "../host/sim/provision";

function flash(initial: Record<string, string> = {}) {
  const files = new Map(Object.entries(initial));
  return { files, store: { read: (n: string) => files.get(n), write: (n: string, t: string) => (files.set(n, t), true) } };
}

describe("configuration slots", () => {
  const v1 = configDocument({ id: 3, user: "admin", password: "one", salt: "aaaaaaaaaaaaaaaa" });
  const v2 = configDocument({ id: 4, user: "admin", password: "two", salt: "bbbbbbbbbbbbbbbb" });

  it("the flash tool's smc.json is version 0; each write makes the next version in the other slot", () => {
    const { files, store } = flash({ "smc.json": v1 });
    expect(readSlots(store, crc32)).toEqual({ json: v1, seq: 0, name: "smc.json" });
    expect(writeSlots(store, crc32, v2)).toBe(true);
    expect(readSlots(store, crc32)).toEqual({ json: v2, seq: 1, name: "smc.a" });
    expect(writeSlots(store, crc32, v1)).toBe(true);
    expect([...files.keys()].sort()).toEqual(["smc.a", "smc.b", "smc.json"]);
    expect(readSlots(store, crc32)).toEqual({ json: v1, seq: 2, name: "smc.b" });
  });

  it("a power cut at every byte of a write leaves the old version or the new one, never neither", () => {
    const base = flash({ "smc.json": v1 });
    writeSlots(base.store, crc32, v1);
    const full = flash(Object.fromEntries(base.files));
    writeSlots(full.store, crc32, v2);
    const target = [...full.files.keys()].find((k) => full.files.get(k) !== base.files.get(k))!;
    const newText = full.files.get(target)!;
    // Storage files are rewritten whole: the cut can leave any prefix, or the old text.
    for (let cut = 0; cut <= newText.length; cut++) {
      const f = flash(Object.fromEntries(base.files));
      f.files.set(target, newText.substr(0, cut));
      const got = readSlots(f.store, crc32)!;
      expect(got, `cut at ${cut}`).toBeDefined();
      expect(parseConfig(got.json).source).toBe("stored");
      expect([v1, v2]).toContain(got.json);
      if (cut < newText.length) expect(got.json).toBe(v1);
    }
  });

  it("a write the flash did not take is reported, and the old version stays", () => {
    const { store } = flash({ "smc.json": v1 });
    const broken = { read: store.read, write: () => false };
    expect(writeSlots(broken, crc32, v2)).toBe(false);
    expect(readSlots(store, crc32)!.json).toBe(v1);
  });
});
