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

/**
 * Frame kinds. A const enum: the compiler writes the letters where they are
 * used, so the bundle holds no object of them (~25 variables on a board)
 * and no lookup of it runs on a frame's path.
 */
export const enum K {
  Heartbeat = "H",
  Ack = "K",
  Search = "A",
  Approval = "P",
  Request = "Q",
  Reply = "R",
  ReplyPart = "C",
  Error = "E",
  End = "X",
  /** A lockout, passed on to every SMC: payload "ms n" (docs/protocol.md, "Guessing"). */
  Lock = "L",
  Map = "M",
  MapReply = "N",
}

// Sizes as a const enum: inlined where used, no variable on a board.
export const enum Fr {
  /** Largest payload: a frame stays under 256 bytes (one Espruino rx chunk burst, short retries). */
  MaxPayload = 200,
  /** Bytes a frame adds around its payload. */
  Overhead = 36,
  /** Where the payload starts. */
  Body = 26,
}
/** Fr's sizes for the host's tools (not in a bundle: nothing there reads them). */
export const MAX_PAYLOAD: number = Fr.MaxPayload;
export const FRAME_OVERHEAD: number = Fr.Overhead;
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
  /**
   * The frame as it came, without its "\n" (the link sets it on a frame
   * it may pass on unchanged): encodeFrame then writes its bytes from call
   * to the payload as they are and only numbers seq and hops anew. Whoever
   * changes another field of such a frame clears it.
   */
  w?: string;
  /** 1: it came as a through frame (docs/protocol.md, "Cut-through"); answers to it go back as ones. */
  x?: number;
}

export type Crc = (bytes: string) => number;

// Both directions use native calls only (no loop over digits or bytes in
// JavaScript): on Espruino every statement costs microseconds, and a relay
// decodes and encodes two frames per frame it forwards (the frame and an
// ack). seq and hops, src and dst are written and read as one 4-digit
// field each: the same bytes, half the calls.

export function encodeFrame(f: LinkFrame, crc: Crc): string {
  const w = f.w;
  const body = "#" + f.kind + hex((f.seq << 8) | f.hops, 4) + (w ? w.substr(6, w.length - 15) : hex(f.call, 8) + hex((f.src << 8) | f.dst, 4) + hex(f.req, 8) + f.payload);
  return body + "*" + hex(crc(body), 8) + "\n";
}

/** The frame in `line` (without its "\n"), or undefined when it is damaged. */
export function decodeFrame(line: string, crc: Crc): LinkFrame | undefined {
  const star = line.length - 9;
  if (star < Fr.Body || line.charAt(0) !== "#" || line.charAt(star) !== "*") return undefined;
  // Digits are read as "0x" + digits: NaN for anything but hex digits on
  // Espruino (Node's Number also allows whitespace after them); the
  // header's 24 and the CRC's 8 are checked for upper case together. A
  // RegExp would cost ~19 variables on a board, reading the fields back
  // with hex() twice the time.
  const h = line.substr(2, Fr.Body - 2);
  const c = line.substr(star + 1);
  if ((crc(line.substr(0, star)) >>> 0) !== +("0x" + c) || (h + c).toUpperCase() !== h + c) return undefined;
  const sh = +("0x" + h.substr(0, 4));
  const call = +("0x" + h.substr(4, 8));
  const sd = +("0x" + h.substr(12, 4));
  const req = +("0x" + h.substr(16, 8));
  if (!(sh >= 0 && call >= 0 && sd >= 0 && req >= 0)) return undefined;
  return { kind: line.charAt(1), seq: sh >> 8, hops: sh & 255, call: call, src: sd >> 8, dst: sd & 255, req: req, payload: line.substr(Fr.Body, star - Fr.Body) };
}
