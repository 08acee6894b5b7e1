// Frames on the inter-SMC links (docs/protocol.md, "The links between
// SMCs"). One frame is one line of printable bytes, so the receiver finds
// frame ends with a native indexOf and never loops over bytes in JavaScript:
//
//   "#" kind seq hops call src dst req payload "*" crc "\n"
//
// seq, hops, src, dst: two hex digits each; call, req: eight (32 bits: a
// call number cannot be guessed by trying them all, a request number never
// wraps within a call); crc: CRC-32 of every byte from "#" to the end of the
// payload, eight hex digits. Pure.
import { hex } from "./crc16";

/** Frame kinds. */
export const K = {
  Heartbeat: "H",
  Ack: "K",
  Search: "A",
  Approval: "P",
  Request: "Q",
  Reply: "R",
  ReplyPart: "C",
  Error: "E",
  End: "X",
  Map: "M",
  MapReply: "N",
};

/** Largest payload: a frame stays under 256 bytes (one Espruino rx chunk burst, short retries). */
export const MAX_PAYLOAD = 200;
/** Bytes a frame adds around its payload. */
export const FRAME_OVERHEAD = 36;
/** Where the payload starts. */
const BODY = 26;
/** Separates reply lines inside a payload; never appears in console text. */
export const LINE_SEP = "\x1e";

export interface LinkFrame {
  kind: string;
  seq: number;
  hops: number;
  call: number;
  src: number;
  dst: number;
  req: number;
  payload: string;
}

export type Crc = (bytes: string) => number;

export function encodeFrame(f: LinkFrame, crc: Crc): string {
  const body = "#" + f.kind + hex(f.seq, 2) + hex(f.hops, 2) + hex(f.call, 8) + hex(f.src, 2) + hex(f.dst, 2) + hex(f.req, 8) + f.payload;
  return body + "*" + hex(crc(body) >>> 0, 8) + "\n";
}

function hexDigit(c: number): number {
  return c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : -1;
}

/** The `digits` hex digits at `at` as a number, or -1. */
function hexAt(line: string, at: number, digits: number): number {
  let v = 0;
  for (let i = 0; i < digits; i++) {
    const d = hexDigit(line.charCodeAt(at + i));
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** The frame in `line` (without its "\n"), or undefined when it is damaged. */
export function decodeFrame(line: string, crc: Crc): LinkFrame | undefined {
  const star = line.length - 9;
  if (star < BODY || line.charAt(0) !== "#" || line.charAt(star) !== "*") return undefined;
  const body = line.substr(0, star);
  if (hex(crc(body) >>> 0, 8) !== line.substr(star + 1)) return undefined;
  const seq = hexAt(line, 2, 2);
  const hops = hexAt(line, 4, 2);
  const call = hexAt(line, 6, 8);
  const src = hexAt(line, 14, 2);
  const dst = hexAt(line, 16, 2);
  const req = hexAt(line, 18, 8);
  // call and req may exceed 31 bits: test each, not an OR of them.
  if (seq < 0 || hops < 0 || call < 0 || src < 0 || dst < 0 || req < 0) return undefined;
  return { kind: line.charAt(1), seq: seq, hops: hops, call: call, src: src, dst: dst, req: req, payload: line.substr(BODY, star - BODY) };
}
