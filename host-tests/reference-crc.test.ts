// The tests' own checksums (support/referenceCrc.ts) against the CRC
// catalogue's check values and the examples docs/protocol.md prints, so
// they stand as a reference independent of the firmware.
import { describe, expect, it } from "vitest";
import { frame, framedRequest, refCrc16, refCrc32 } from "./support/referenceCrc";

describe("the tests' reference checksums", () => {
  it("CRC-16/CCITT-FALSE gives the catalogue's check value", () => {
    expect(refCrc16("123456789")).toBe(0x29b1);
    expect(refCrc16("")).toBe(0xffff);
    expect(refCrc16("A")).toBe(0xb915);
  });

  it("CRC-32 gives the catalogue's check value", () => {
    expect(refCrc32("123456789")).toBe(0xcbf43926);
    expect(refCrc32("")).toBe(0);
  });

  it("frames console lines as docs/protocol.md's examples show them", () => {
    expect(framedRequest("41", "AUTH admin s3cret-pass")).toBe("!41 AUTH admin s3cret-pass*BC09\r");
    expect(frame("41", "ID 7")).toBe("!41 ID 7*EB82\r\n");
    expect(frame("41", "OK")).toBe("!41 OK*C396\r\n");
    expect(frame("0", "ERR 5 bad checksum")).toBe("!0 ERR 5 bad checksum*CCB5\r\n");
  });

  it("checks link frames as docs/protocol.md's examples show them", () => {
    expect(refCrc32("#H000000020000")).toBe(0x225b58fa);
    expect(refCrc32("#A01002A010001admin pw-3")).toBe(0x730b062f);
    expect(refCrc32("#K010000020000")).toBe(0x5e1febf4);
  });
});
