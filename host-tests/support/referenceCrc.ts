// Checksums written for the tests from their published definitions, not
// taken from the firmware, so a framed reply checked with them is checked
// against the protocol (docs/protocol.md), not against the firmware's own
// idea of it. CRC-32 is zlib's (Node >= 20.15, package.json asks 20.19).
import { crc32 as zlibCrc32 } from "node:zlib";

/**
 * CRC-16/CCITT-FALSE as the CRC catalogue defines it: width 16, poly 0x1021,
 * init 0xFFFF, input and output not reflected, xorout 0 (check value
 * 0x29B1 for "123456789"). Table-driven, most significant bit first.
 */
const TABLE16: number[] = [];
for (let i = 0; i < 256; i++) {
  let r = i << 8;
  for (let b = 0; b < 8; b++) r = r & 0x8000 ? (r << 1) ^ 0x1021 : r << 1;
  TABLE16.push(r & 0xffff);
}

export function refCrc16(bytes: string): number {
  let crc = 0xffff;
  for (const byte of Buffer.from(bytes, "latin1")) crc = ((crc << 8) ^ TABLE16[((crc >> 8) ^ byte) & 0xff]) & 0xffff;
  return crc;
}

/** CRC-32 (IEEE 802.3, reflected, as zlib and E.CRC32) of a latin1 string. */
export function refCrc32(bytes: string): number {
  return zlibCrc32(Buffer.from(bytes, "latin1"));
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");

/** A framed line as docs/protocol.md defines it: `!<seq> <text>*<CRC-16 of everything before "*">` and CR LF. */
export function frame(seq: string, text: string): string {
  const head = `!${seq} ${text}`;
  return `${head}*${hex4(refCrc16(head))}\r\n`;
}

/** A framed request as a program sends it (CR only). */
export function framedRequest(seq: string, body: string): string {
  return frame(seq, body).slice(0, -1);
}
