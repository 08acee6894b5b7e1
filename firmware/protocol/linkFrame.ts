// Frames on the inter-SMC links (docs/protocol.md, "The links between
// SMCs"). One frame is one line of printable bytes, so the receiver finds
// frame ends with a native indexOf and never loops over bytes in JavaScript:
//
//   "#" kind seq hops call src dst req payload "*" crc "\n"
//
// seq, hops, call, src, dst, req: two hex digits each; crc: CRC-32 of every
// byte from "#" to the end of the payload, eight hex digits. Pure.
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
export const FRAME_OVERHEAD = 24;
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
  const body = "#" + f.kind + hex(f.seq, 2) + hex(f.hops, 2) + hex(f.call, 2) + hex(f.src, 2) + hex(f.dst, 2) + hex(f.req, 2) + f.payload;
  return body + "*" + hex(crc(body) >>> 0, 8) + "\n";
}

function hexDigit(c: number): number {
  return c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : -1;
}

function byteAt(line: string, at: number): number {
  const hi = hexDigit(line.charCodeAt(at));
  const lo = hexDigit(line.charCodeAt(at + 1));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

/** The frame in `line` (without its "\n"), or undefined when it is damaged. */
export function decodeFrame(line: string, crc: Crc): LinkFrame | undefined {
  const star = line.length - 9;
  if (star < 14 || line.charAt(0) !== "#" || line.charAt(star) !== "*") return undefined;
  const body = line.substr(0, star);
  if (hex(crc(body) >>> 0, 8) !== line.substr(star + 1)) return undefined;
  const seq = byteAt(line, 2);
  const hops = byteAt(line, 4);
  const call = byteAt(line, 6);
  const src = byteAt(line, 8);
  const dst = byteAt(line, 10);
  const req = byteAt(line, 12);
  if ((seq | hops | call | src | dst | req) < 0) return undefined;
  return { kind: line.charAt(1), seq: seq, hops: hops, call: call, src: src, dst: dst, req: req, payload: line.substr(14, star - 14) };
}
